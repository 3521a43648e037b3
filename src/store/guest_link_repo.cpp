#include "store/guest_link_repo.h"

namespace escalated::store::guest_links {

std::int64_t insert(Connection& c, const GuestLinkRecord& r) {
  return c
      .query(
          "INSERT INTO guest_links (ticket_id, token_hash, expires_at, created_at, last_used_at) "
          "VALUES (?, ?, ?, ?, NULL) RETURNING id",
          {r.ticket_id, r.token_hash, r.expires_at, r.created_at})
      .first()
      .i64(0);
}

std::optional<GuestLinkRecord> find_by_token_hash(Connection& c, const std::string& hash) {
  ResultSet rs = c.query(
      "SELECT id, ticket_id, token_hash, expires_at, created_at, last_used_at FROM guest_links "
      "WHERE token_hash = ?",
      {hash});
  if (rs.empty()) return std::nullopt;
  const Row& r = rs.first();
  return GuestLinkRecord{r.i64(0), r.i64(1), r.text(2), r.i64(3), r.i64(4), r.opt_i64(5)};
}

void renew(Connection& c, std::int64_t id, Millis expires_at, Millis now) {
  c.execute("UPDATE guest_links SET expires_at = ?, last_used_at = ? WHERE id = ?",
            {expires_at, now, id});
}

std::int64_t delete_expired(Connection& c, Millis now, int limit) {
  return c.execute(
      "DELETE FROM guest_links WHERE id IN (SELECT id FROM guest_links WHERE expires_at <= ? "
      "ORDER BY expires_at LIMIT ?)",
      {now, limit});
}

std::int64_t delete_for_ticket(Connection& c, std::int64_t ticket_id) {
  return c.execute("DELETE FROM guest_links WHERE ticket_id = ?", {ticket_id});
}

std::vector<std::int64_t> claim_tickets(Connection& c, std::int64_t user_id,
                                        const std::string& email, Millis now) {
  ResultSet rs = c.query(
      "UPDATE tickets SET requester_id = ?, guest_name = NULL, guest_email = NULL, updated_at = ? "
      "WHERE requester_id IS NULL AND LOWER(guest_email) = ? RETURNING id",
      {user_id, now, email});
  std::vector<std::int64_t> ids;
  for (const Row& r : rs.rows) ids.push_back(r.i64(0));
  return ids;
}

std::string signing_key(Connection& c, const std::string& name, const std::string& candidate,
                        Millis now) {
  c.execute(
      "INSERT INTO signing_keys (name, secret, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO NOTHING",
      {name, candidate, now});
  return c.query("SELECT secret FROM signing_keys WHERE name = ?", {name}).first().text(0);
}

}  // namespace escalated::store::guest_links
