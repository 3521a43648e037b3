// The record of inbound e-mail messages (migration 0012).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::inbound_mail {

struct InboundMessageRecord {
  std::int64_t id = 0;
  std::optional<std::string> message_id;
  std::string from_address;
  std::string subject;
  std::string outcome;     // created | replied | ignored | failed
  std::string matched_by;  // in_reply_to | references | reply_address | subject_reference | none
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> reply_id;
  std::optional<std::string> error;
  std::int64_t size = 0;
  Millis received_at = 0;
};

// Inserts and returns the new id. DatabaseError with constraint_violation()
// when the Message-ID is stored already.
std::int64_t insert(Connection& c, const InboundMessageRecord& m);
bool exists(Connection& c, const std::string& message_id);
// Newest first, those older than `before_id` when given, at most `limit`.
std::vector<InboundMessageRecord> recent(Connection& c, std::optional<std::int64_t> before_id,
                                         int limit);

}  // namespace escalated::store::inbound_mail
