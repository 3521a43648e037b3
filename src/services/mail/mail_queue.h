// Puts one message on the outgoing mail queue: the step every kind of mail
// shares (ticket notifications, password reset links). MailDispatcher sends
// what it queued.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "escalated/options.h"
#include "services/mail/mail_compose.h"
#include "store/mail_repo.h"

namespace escalated::services {

// `record` (event, template, recipient, subject, created_at filled in)
// starts queued, or skipped when Mail.SmtpUrl is not set, or failed when
// Mail.From is not a usable address; it is inserted unless its (event,
// address) is queued already (then nullopt: a repeat). `message` is then
// composed, with the From of Mail.From and the Message-ID `message_id(id)`
// of the new row, and stored as the row's content. Returns the row as
// queued.
std::optional<store::mail::MailRecord> enqueue_mail(
    const Options& options, store::Connection& c, store::mail::MailRecord record,
    mail::OutgoingMessage message, const std::function<std::string(std::int64_t id)>& message_id);

}  // namespace escalated::services
