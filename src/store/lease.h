// Claiming due rows under a lease: the one mechanism behind the durable jobs
// and the webhook deliveries. A worker marks up to `limit` rows whose due
// instant has come and that no live lease holds as its own until
// `lease_until`; a crashed worker's lease runs out and the rows are claimed
// again. On PostgreSQL rows another worker is claiming right now are skipped
// (FOR UPDATE SKIP LOCKED), so nodes never claim one row at once; SQLite has
// one writer, so the plain form is already exclusive.
#pragma once

#include "store/database.h"
#include "store/records.h"

namespace escalated::store {

struct LeasedTable {
  const char* table;       // with an `id` and a `locked_until` column
  const char* due_column;  // rows are due when it is <= now; oldest first
  const char* ready;       // further condition on claimable rows ("dead = 0")
  const char* also_set;    // extra assignments on claim ("" or ", attempts = attempts + 1")
  const char* returning;   // the columns to read back
};

// The claimed rows, in no particular order (RETURNING promises none).
ResultSet claim_leased(Connection& c, const LeasedTable& t, Millis now, Millis lease_until,
                       int limit);

}  // namespace escalated::store
