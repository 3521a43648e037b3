#include "store/viewer_repo.h"

#include <algorithm>

namespace escalated::store::viewers {

namespace {
// Tickets per statement: bounds the number of distinct statements each
// connection prepares and caches.
constexpr std::size_t kChunk = 50;
}  // namespace

void replace(Connection& c, const std::string& node_id, std::int64_t ticket_id,
             const std::vector<Viewer>& viewers, Millis expires_at) {
  c.execute("DELETE FROM ticket_viewers WHERE node_id = ? AND ticket_id = ?", {node_id, ticket_id});
  for (const auto& v : viewers) {
    c.execute(
        "INSERT INTO ticket_viewers (node_id, ticket_id, user_id, name, expires_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {node_id, ticket_id, v.user_id, v.name, expires_at});
  }
}

void refresh(Connection& c, const std::string& node_id, Millis expires_at) {
  c.execute("UPDATE ticket_viewers SET expires_at = ? WHERE node_id = ?", {expires_at, node_id});
}

std::vector<ViewerRecord> live(Connection& c, const std::vector<std::int64_t>& ticket_ids,
                               Millis now, const std::string& except_node) {
  std::vector<ViewerRecord> out;
  for (std::size_t start = 0; start < ticket_ids.size(); start += kChunk) {
    std::size_t end = std::min(ticket_ids.size(), start + kChunk);
    // One person on several nodes is one viewer; the name of any row will do.
    std::string sql =
        "SELECT ticket_id, user_id, MAX(name) FROM ticket_viewers "
        "WHERE expires_at > ? AND node_id <> ? AND ticket_id IN (";
    Params params{now, except_node};
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      params.emplace_back(ticket_ids[i]);
    }
    ResultSet rs = c.query(sql + ") GROUP BY ticket_id, user_id", params);
    for (const Row& r : rs.rows) out.push_back({r.i64(0), r.i64(1), r.text(2)});
  }
  std::sort(out.begin(), out.end(), [](const ViewerRecord& a, const ViewerRecord& b) {
    return std::pair(a.ticket_id, a.user_id) < std::pair(b.ticket_id, b.user_id);
  });
  return out;
}

void remove_node(Connection& c, const std::string& node_id) {
  c.execute("DELETE FROM ticket_viewers WHERE node_id = ?", {node_id});
}

std::int64_t delete_expired(Connection& c, Millis now) {
  return c.execute("DELETE FROM ticket_viewers WHERE expires_at <= ?", {now});
}

}  // namespace escalated::store::viewers
