#include "store/maintenance.h"

#include <string>

namespace escalated::store {

void refresh_planner_statistics(Database& db) {
  if (db.dialect() != Dialect::kSqlite) return;
  db.write([](Connection& c) { c.execute_script("PRAGMA analysis_limit = 1000; ANALYZE"); });
}

namespace {

// Leaf pages one merge step writes: about 30 ms of a writer's time here.
constexpr int kMergePages = 200;

// The full-text indexes of migrations 0021, 0022, 0026 and 0029.
constexpr const char* kSearchIndexes[] = {
    "tickets_fts",      "replies_fts",          "users_search", "kb_search",
    "kb_search_titles", "kb_search_titles_cjk", "kb_search_cjk"};

}  // namespace

int merge_search_indexes(Database& db, int max_steps) {
  if (db.dialect() != Dialect::kSqlite) return 0;
  int merged = 0;
  for (const char* index : kSearchIndexes) {
    const std::string step = std::string("INSERT INTO ") + index + " (" + index +
                             ", rank) VALUES ('merge', " + std::to_string(-kMergePages) + ")";
    while (merged < max_steps) {
      // A negative page count merges every segment into one, as 'optimize'
      // does, but stops after those pages. The statement counts as one
      // change; a step that merged wrote more rows than that.
      const bool worked = db.write([&](Connection& c) {
        const std::int64_t before = c.scalar("SELECT total_changes()")->as_int();
        c.execute(step);
        return c.scalar("SELECT total_changes()")->as_int() - before > 1;
      });
      if (!worked) break;
      ++merged;
    }
  }
  return merged;
}

}  // namespace escalated::store
