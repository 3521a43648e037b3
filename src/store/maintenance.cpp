#include "store/maintenance.h"

namespace escalated::store {

void refresh_planner_statistics(Database& db) {
  if (db.dialect() != Dialect::kSqlite) return;
  db.write([](Connection& c) { c.execute_script("PRAGMA analysis_limit = 1000; ANALYZE"); });
}

}  // namespace escalated::store
