#include "store/job_repo.h"

#include "store/lease.h"

#include <algorithm>

namespace escalated::store::jobs {
namespace {

constexpr const char* kColumns =
    "id, job_key, kind, ticket_id, payload, run_at, version, attempts, last_error, dead";

JobRecord read_job(const Row& r) {
  JobRecord j;
  j.id = r.i64(0);
  j.key = r.text(1);
  j.kind = r.text(2);
  j.ticket_id = r.opt_i64(3);
  j.payload_json = r.text(4);
  j.run_at = r.i64(5);
  j.version = r.i64(6);
  j.attempts = static_cast<int>(r.i64(7));
  j.last_error = r.opt_text(8);
  j.dead = r.boolean(9);
  return j;
}

}  // namespace

void schedule(Connection& c, const std::string& key, const std::string& kind,
              std::optional<std::int64_t> ticket_id, Millis run_at, Millis now,
              const std::string& payload_json) {
  c.execute(
      "INSERT INTO jobs (job_key, kind, ticket_id, payload, run_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (job_key) DO UPDATE SET run_at = excluded.run_at, "
      "payload = excluded.payload, version = jobs.version + 1, "
      "attempts = CASE WHEN jobs.dead = 1 THEN 0 ELSE jobs.attempts END, dead = 0, "
      "updated_at = excluded.updated_at",
      {key, kind, ticket_id, payload_json, run_at, now, now});
}

void cancel(Connection& c, const std::string& key) {
  c.execute("DELETE FROM jobs WHERE job_key = ?", {key});
}

std::vector<JobRecord> claim_due(Connection& c, Millis now, Millis lease_until, int limit) {
  static constexpr LeasedTable kJobs{"jobs", "run_at", "dead = 0", ", attempts = attempts + 1",
                                     kColumns};
  std::vector<JobRecord> out;
  for (const Row& r : claim_leased(c, kJobs, now, lease_until, limit).rows)
    out.push_back(read_job(r));
  // RETURNING does not promise an order; run the oldest first.
  std::sort(out.begin(), out.end(), [](const JobRecord& a, const JobRecord& b) {
    return a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
  });
  return out;
}

void finish(Connection& c, const JobRecord& job) {
  if (c.execute("DELETE FROM jobs WHERE id = ? AND version = ?", {job.id, job.version}) == 0) {
    c.execute("UPDATE jobs SET locked_until = NULL, attempts = 0 WHERE id = ?", {job.id});
  }
}

void fail(Connection& c, const JobRecord& job, const std::string& error, Millis retry_at, bool dead,
          Millis now) {
  // Rescheduled while it ran: the new schedule wins over the retry.
  c.execute(
      "UPDATE jobs SET locked_until = NULL, last_error = ?, updated_at = ?, "
      "run_at = CASE WHEN version = ? THEN ? ELSE run_at END, "
      "dead = CASE WHEN version = ? THEN ? ELSE 0 END WHERE id = ?",
      {error, now, job.version, retry_at, job.version, dead, job.id});
}

std::optional<Millis> next_run_at(Connection& c) {
  auto v = c.scalar("SELECT MIN(run_at) FROM jobs WHERE dead = 0");
  if (!v || v->is_null()) return std::nullopt;
  return v->as_int();
}

std::optional<JobRecord> find(Connection& c, const std::string& key) {
  ResultSet rs = c.query(std::string("SELECT ") + kColumns + " FROM jobs WHERE job_key = ?", {key});
  if (rs.empty()) return std::nullopt;
  return read_job(rs.first());
}

std::vector<JobRecord> list_dead(Connection& c, int limit) {
  std::vector<JobRecord> out;
  for (const Row& r :
       c.query(std::string("SELECT ") + kColumns + " FROM jobs WHERE dead = 1 ORDER BY id LIMIT ?",
               {limit})
           .rows)
    out.push_back(read_job(r));
  return out;
}

}  // namespace escalated::store::jobs
