#include "store/access_change_repo.h"

namespace escalated::store::access_changes {

void note(Connection& c, std::int64_t user_id, Millis at) {
  c.execute(
      "INSERT INTO access_changes (user_id, changed_at) VALUES (?, ?) ON CONFLICT (user_id) DO "
      "UPDATE SET changed_at = CASE WHEN excluded.changed_at > access_changes.changed_at THEN "
      "excluded.changed_at ELSE access_changes.changed_at + 1 END",
      {user_id, at});
}

std::vector<std::pair<std::int64_t, Millis>> since(Connection& c, Millis after) {
  ResultSet rs =
      c.query("SELECT user_id, changed_at FROM access_changes WHERE changed_at > ?", {after});
  std::vector<std::pair<std::int64_t, Millis>> out;
  for (const Row& r : rs.rows) out.emplace_back(r.i64(0), r.i64(1));
  return out;
}

}  // namespace escalated::store::access_changes
