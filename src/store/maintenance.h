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

}  // namespace escalated::store
