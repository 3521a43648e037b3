#include "store/satisfaction_repo.h"

#include <algorithm>

#include "store/ticket_repo.h"

namespace escalated::store::satisfaction {
namespace {

constexpr const char* kSelect =
    "SELECT id, ticket_id, rating, comment, rated_by, created_at, updated_at "
    "FROM satisfaction_ratings";

RatingRecord read(const Row& r) {
  RatingRecord out;
  out.id = r.i64(0);
  out.ticket_id = r.i64(1);
  out.rating = r.i64(2);
  out.comment = r.opt_text(3);
  out.rated_by = r.opt_i64(4);
  out.created_at = r.i64(5);
  out.updated_at = r.i64(6);
  return out;
}

// " FROM satisfaction_ratings s JOIN tickets t ... WHERE ..." for the filter.
std::string from_where(const Filter& f, Params& params) {
  std::string sql =
      " FROM satisfaction_ratings s JOIN tickets t ON t.id = s.ticket_id "
      "LEFT JOIN users a ON a.id = t.assignee_id WHERE 1 = 1";
  auto add = [&](const char* condition, std::int64_t value) {
    sql += condition;
    params.push_back(value);
  };
  if (f.from) add(" AND s.updated_at >= ?", *f.from);
  if (f.until) add(" AND s.updated_at < ?", *f.until);
  if (f.department_id) add(" AND t.department_id = ?", *f.department_id);
  if (f.agent_id) add(" AND t.assignee_id = ?", *f.agent_id);
  tickets::append_requester(sql, params, f.requester_id, f.guest_email);
  tickets::append_scope(sql, params, f.staff_scope);
  return sql;
}

}  // namespace

std::optional<RatingRecord> find_by_ticket(Connection& c, std::int64_t ticket_id) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE ticket_id = ?", {ticket_id});
  if (rs.empty()) return std::nullopt;
  return read(rs.first());
}

std::pair<RatingRecord, bool> upsert(Connection& c, const RatingRecord& r) {
  ResultSet inserted = c.query(
      "INSERT INTO satisfaction_ratings (ticket_id, rating, comment, rated_by, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING RETURNING id",
      {r.ticket_id, r.rating, r.comment, r.rated_by, r.updated_at, r.updated_at});
  bool created = !inserted.empty();
  if (!created) {
    c.execute(
        "UPDATE satisfaction_ratings SET rating = ?, comment = ?, rated_by = ?, updated_at = ? "
        "WHERE ticket_id = ?",
        {r.rating, r.comment, r.rated_by, r.updated_at, r.ticket_id});
  }
  return {*find_by_ticket(c, r.ticket_id), created};
}

core::RatingTally tally(Connection& c, const Filter& f) {
  Params params;
  std::string sql = "SELECT s.rating, COUNT(*)" + from_where(f, params) + " GROUP BY s.rating";
  core::RatingTally out;
  for (const Row& r : c.query(sql, params).rows) out.add(r.i64(0), r.i64(1));
  return out;
}

std::vector<AgentTally> by_agent(Connection& c, const Filter& f) {
  Params params;
  std::string sql = "SELECT t.assignee_id, a.name, s.rating, COUNT(*)" + from_where(f, params) +
                    " AND t.assignee_id IS NOT NULL GROUP BY t.assignee_id, a.name, s.rating";
  std::vector<AgentTally> out;
  for (const Row& r : c.query(sql, params).rows) {
    std::int64_t id = r.i64(0);
    auto it =
        std::find_if(out.begin(), out.end(), [id](const auto& a) { return a.agent_id == id; });
    if (it == out.end()) it = out.insert(out.end(), AgentTally{id, r.opt_text(1).value_or(""), {}});
    it->tally.add(r.i64(2), r.i64(3));
  }
  std::sort(out.begin(), out.end(), [](const AgentTally& x, const AgentTally& y) {
    if (x.tally.count() != y.tally.count()) return x.tally.count() > y.tally.count();
    if (x.name != y.name) return x.name < y.name;
    return x.agent_id < y.agent_id;
  });
  return out;
}

std::vector<RecentRating> recent(Connection& c, const Filter& f, int limit) {
  Params params;
  std::string sql =
      "SELECT s.ticket_id, t.subject, s.rating, s.comment, s.updated_at, t.assignee_id, a.name" +
      from_where(f, params) + " ORDER BY s.updated_at DESC, s.id DESC LIMIT ?";
  params.push_back(limit);
  std::vector<RecentRating> out;
  for (const Row& r : c.query(sql, params).rows) {
    out.push_back(RecentRating{r.i64(0), r.text(1), r.i64(2), r.opt_text(3), r.i64(4), r.opt_i64(5),
                               r.opt_text(6).value_or("")});
  }
  return out;
}

}  // namespace escalated::store::satisfaction
