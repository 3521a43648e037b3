// Numbered schema migrations. Each file src/store/migrations/NNNN_name.sql is
// applied once, in order, inside a transaction, and recorded in
// schema_migrations. The SQL is shared by both engines; where they differ,
// auto-increment keys are written {{ID}} and expanded per dialect, and lines
// between "-- @sqlite" (or "-- @postgres") and "-- @end" run on that engine
// only (full-text search: FTS5 tables there, GIN indexes here).
#pragma once

#include <string>
#include <vector>

#include "store/database.h"

namespace escalated::store {

struct MigrationSource {
  int version;
  const char* name;
  const char* sql;
};

// Every migration compiled into this binary, oldest first.
const std::vector<MigrationSource>& embedded_migrations();

// Expands dialect placeholders in one migration's SQL.
std::string render_migration(std::string_view sql, Dialect dialect);

// Applies the migrations not yet recorded; returns the names applied now.
// Safe to call from several processes at once.
std::vector<std::string> migrate(Database& db);

}  // namespace escalated::store
