#include "store/follower_repo.h"

namespace escalated::store::followers {

bool add(Connection& c, std::int64_t ticket_id, std::int64_t user_id, Millis now) {
  return !c.query(
               "INSERT INTO ticket_followers (ticket_id, user_id, created_at) VALUES (?, ?, ?) "
               "ON CONFLICT (ticket_id, user_id) DO NOTHING RETURNING ticket_id",
               {ticket_id, user_id, now})
              .empty();
}

bool remove(Connection& c, std::int64_t ticket_id, std::int64_t user_id) {
  return !c.query(
               "DELETE FROM ticket_followers WHERE ticket_id = ? AND user_id = ? "
               "RETURNING ticket_id",
               {ticket_id, user_id})
              .empty();
}

std::vector<FollowerRecord> of_ticket(Connection& c, std::int64_t ticket_id) {
  std::vector<FollowerRecord> out;
  for (const Row& r : c.query("SELECT f.user_id, u.name, f.created_at FROM ticket_followers f "
                              "JOIN users u ON u.id = f.user_id WHERE f.ticket_id = ? "
                              "ORDER BY u.name, f.user_id",
                              {ticket_id})
                          .rows)
    out.push_back({r.i64(0), r.text(1), r.i64(2)});
  return out;
}

}  // namespace escalated::store::followers
