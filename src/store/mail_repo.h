// The outgoing mail queue (mail_messages) and the admins' template overrides
// (mail_templates).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::mail {

struct MailRecord {
  std::int64_t id = 0;
  std::int64_t event_id = 0;  // the outbox event that caused it
  std::string template_key;
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> recipient_id;
  std::string to_address;
  std::string subject;     // as shown to admins (the header carries it encoded)
  std::string message_id;  // "<ticket-42@domain>"
  std::string body;        // the whole RFC 5322 message, CRLF line ends
  std::string status;      // queued | sent | failed | skipped
  int attempts = 0;
  std::optional<std::string> last_error;
  Millis next_attempt_at = 0;
  std::optional<Millis> sent_at;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::string locale = "en";  // the language it was written in
};

// Inserts the message unless one exists for its (event, recipient); returns
// the new id, or nullopt when it was already queued.
std::optional<std::int64_t> insert_if_new(Connection& c, const MailRecord& m);
// Sets what could only be written once the id was known.
void set_content(Connection& c, std::int64_t id, const std::string& message_id,
                 const std::string& body);
std::optional<MailRecord> find(Connection& c, std::int64_t id);
// Newest first, without bodies; `status` filters when set.
std::vector<MailRecord> recent(Connection& c, const std::optional<std::string>& status, int limit);
// Up to `limit` queued messages due by `now` that no live lease holds,
// oldest first, leased until `lease_until`.
std::vector<MailRecord> claim_due(Connection& c, Millis now, Millis lease_until, int limit);
// After an attempt (or a manual retry): the new state; releases the lease.
void settle(Connection& c, std::int64_t id, const std::string& status, int attempts,
            Millis next_attempt_at, const std::optional<std::string>& last_error,
            std::optional<Millis> sent_at, Millis now);

// An admin's override of one template in one locale.
struct TemplateRecord {
  std::string key;
  std::string locale;
  std::string subject;
  std::string body_text;
  std::string body_html;
  Millis updated_at = 0;
};

std::optional<TemplateRecord> find_template(Connection& c, const std::string& key,
                                            const std::string& locale);
// Every override, by key and locale.
std::vector<TemplateRecord> list_templates(Connection& c);
void upsert_template(Connection& c, const TemplateRecord& t);
// Returns whether there was an override to remove.
bool delete_template(Connection& c, const std::string& key, const std::string& locale);

}  // namespace escalated::store::mail
