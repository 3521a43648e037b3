#include "store/inbound_mail_repo.h"

namespace escalated::store::inbound_mail {
namespace {

constexpr const char* kSelect =
    "SELECT id, message_id, from_address, subject, outcome, matched_by, ticket_id, reply_id, "
    "error, size, received_at FROM inbound_messages";

InboundMessageRecord read(const Row& r) {
  InboundMessageRecord m;
  m.id = r.i64(0);
  m.message_id = r.opt_text(1);
  m.from_address = r.text(2);
  m.subject = r.text(3);
  m.outcome = r.text(4);
  m.matched_by = r.text(5);
  m.ticket_id = r.opt_i64(6);
  m.reply_id = r.opt_i64(7);
  m.error = r.opt_text(8);
  m.size = r.i64(9);
  m.received_at = r.i64(10);
  return m;
}

}  // namespace

std::int64_t insert(Connection& c, const InboundMessageRecord& m) {
  return c
      .query(
          "INSERT INTO inbound_messages (message_id, from_address, subject, outcome, matched_by, "
          "ticket_id, reply_id, error, size, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          {m.message_id, m.from_address, m.subject, m.outcome, m.matched_by, m.ticket_id,
           m.reply_id, m.error, m.size, m.received_at})
      .first()
      .i64(0);
}

bool exists(Connection& c, const std::string& message_id) {
  return c.scalar("SELECT 1 FROM inbound_messages WHERE message_id = ?", {message_id}).has_value();
}

std::vector<InboundMessageRecord> recent(Connection& c, std::optional<std::int64_t> before_id,
                                         int limit) {
  std::vector<InboundMessageRecord> out;
  ResultSet rs = before_id
                     ? c.query(std::string(kSelect) + " WHERE id < ? ORDER BY id DESC LIMIT ?",
                               {*before_id, limit})
                     : c.query(std::string(kSelect) + " ORDER BY id DESC LIMIT ?", {limit});
  for (const Row& r : rs.rows) out.push_back(read(r));
  return out;
}

}  // namespace escalated::store::inbound_mail
