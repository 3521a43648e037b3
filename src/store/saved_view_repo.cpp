#include "store/saved_view_repo.h"

namespace escalated::store::saved_views {
namespace {

constexpr const char* kSelect =
    "SELECT v.id, v.user_id, v.name, v.query, v.sort, v.columns, v.shared, v.created_at, "
    "v.updated_at, u.name FROM saved_views v JOIN users u ON u.id = v.user_id";

SavedViewRecord read_view(const Row& r) {
  return SavedViewRecord{r.i64(0),  r.i64(1),     r.text(2), r.text(3), r.text(4),
                         r.text(5), r.boolean(6), r.i64(7),  r.i64(8),  r.text(9)};
}

}  // namespace

std::int64_t insert(Connection& c, const SavedViewRecord& v) {
  return c
      .query(
          "INSERT INTO saved_views (user_id, name, query, sort, columns, shared, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {v.user_id, v.name, v.query, v.sort, v.columns_json, v.shared, v.created_at,
           v.updated_at})
      .first()
      .i64(0);
}

std::optional<SavedViewRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE v.id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_view(rs.first());
}

std::vector<SavedViewRecord> visible_to(Connection& c, std::int64_t user_id) {
  std::vector<SavedViewRecord> out;
  ResultSet rs = c.query(std::string(kSelect) +
                             " LEFT JOIN saved_view_positions p ON p.view_id = v.id AND "
                             "p.user_id = ? WHERE v.user_id = ? OR v.shared = 1 "
                             "ORDER BY CASE WHEN p.position IS NULL THEN 1 ELSE 0 END, "
                             "p.position, v.id",
                         {user_id, user_id});
  for (const Row& r : rs.rows) out.push_back(read_view(r));
  return out;
}

void update(Connection& c, const SavedViewRecord& v) {
  c.execute(
      "UPDATE saved_views SET name = ?, query = ?, sort = ?, columns = ?, shared = ?, "
      "updated_at = ? WHERE id = ?",
      {v.name, v.query, v.sort, v.columns_json, v.shared, v.updated_at, v.id});
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM saved_views WHERE id = ?", {id});
}

void set_order(Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& view_ids) {
  c.execute("DELETE FROM saved_view_positions WHERE user_id = ?", {user_id});
  for (size_t i = 0; i < view_ids.size(); ++i)
    c.execute("INSERT INTO saved_view_positions (user_id, view_id, position) VALUES (?, ?, ?)",
              {user_id, view_ids[i], static_cast<std::int64_t>(i)});
}

}  // namespace escalated::store::saved_views
