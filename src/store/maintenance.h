// Upkeep the engines need from time to time.
#pragma once

#include "store/database.h"

namespace escalated::store {

// Refreshes the query planner's statistics. Without them SQLite cannot tell
// a selective index from a useless one, and a filtered queue page over a
// million tickets sorts them all (hundreds of milliseconds instead of one).
// Cheap: it samples at most about a thousand rows per index. PostgreSQL's
// autovacuum keeps its own statistics, so there this does nothing.
void refresh_planner_statistics(Database& db);

// Merges the segments of SQLite's full-text indexes, a bounded step per
// write transaction (so writers wait milliseconds, never the seconds a
// whole 'optimize' of a million tickets takes), until each index is one
// segment or `max_steps` steps have run. Every insert adds a segment and
// FTS5 merges only when a level fills, so a busy index holds dozens; a
// lookup of one ticket seeks in each (the common-word search plan does one
// per ticket it walks). Returns the steps that merged something: 0 when
// nothing was left. PostgreSQL's GIN indexes need none: does nothing there.
int merge_search_indexes(Database& db, int max_steps);

}  // namespace escalated::store
