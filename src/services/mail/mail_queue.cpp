#include "services/mail/mail_queue.h"

namespace escalated::services {

std::optional<store::mail::MailRecord> enqueue_mail(
    const Options& options, store::Connection& c, store::mail::MailRecord record,
    mail::OutgoingMessage message, const std::function<std::string(std::int64_t id)>& message_id) {
  message.from = mail::parse_address(options.mail.from);
  record.status = "queued";
  record.last_error.reset();
  if (options.mail.smtp_url.empty()) {
    record.status = "skipped";
    record.last_error = "Mail.SmtpUrl is not set";
  } else if (!mail::plausible_address(message.from.email)) {
    record.status = "failed";
    record.last_error = "Mail.From is not a usable address";
  }
  record.next_attempt_at = record.created_at;
  auto id = store::mail::insert_if_new(c, record);
  if (!id) return std::nullopt;
  record.id = *id;
  record.message_id = message.message_id = message_id(*id);
  message.subject = record.subject;
  message.date = record.created_at;
  // A message that can never go keeps no body (there is nothing to retry).
  record.body = record.status == "failed" ? "" : mail::compose(message);
  store::mail::set_content(c, record.id, record.message_id, record.body);
  return record;
}

}  // namespace escalated::services
