// Durable jobs and timers. A job is a row with a due instant; scheduling a key
// again moves its one row, so a ticket has at most one timer of each kind.
// Workers claim due rows under a lease (on PostgreSQL with FOR UPDATE SKIP
// LOCKED, so several nodes never claim one row at once), run them, and then
// delete them unless they were rescheduled while running.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::jobs {

struct JobRecord {
  std::int64_t id = 0;
  std::string key;
  std::string kind;
  std::optional<std::int64_t> ticket_id;
  std::string payload_json = "{}";
  Millis run_at = 0;
  std::int64_t version = 0;
  int attempts = 0;  // counting the claim that returned this record
  std::optional<std::string> last_error;
  bool dead = false;
};

// Creates the job or moves the existing one with this key to `run_at`
// (bringing a dead job back to life with its attempts reset). A worker's
// lease on the row is kept: the worker sees the new version and leaves the
// row for the next pass.
void schedule(Connection& c, const std::string& key, const std::string& kind,
              std::optional<std::int64_t> ticket_id, Millis run_at, Millis now,
              const std::string& payload_json = "{}");
// Removes the job with this key, if any. A worker running it finishes its run.
void cancel(Connection& c, const std::string& key);

// Up to `limit` jobs due at `now` that no live lease holds, oldest first,
// leased until `lease_until` with their attempt counted.
std::vector<JobRecord> claim_due(Connection& c, Millis now, Millis lease_until, int limit);
// After a successful run: deletes the row when its version is still the
// claimed one, else only drops the lease (it was rescheduled meanwhile).
void finish(Connection& c, const JobRecord& job);
// After a failed run: the job waits until `retry_at`, or with `dead` stays
// for an operator to look at (dead jobs never run again unless rescheduled).
void fail(Connection& c, const JobRecord& job, const std::string& error, Millis retry_at, bool dead,
          Millis now);

// The earliest run_at of a live job, to know how long a worker may sleep.
std::optional<Millis> next_run_at(Connection& c);
std::optional<JobRecord> find(Connection& c, const std::string& key);
std::vector<JobRecord> list_dead(Connection& c, int limit);

}  // namespace escalated::store::jobs
