// bench_timers: what the durable timers cost as the number of waiting timers
// grows. Every open ticket carries timers (SLA, snooze, rules, auto-close);
// the job runner must find what is due without scanning the ones that wait.
//
//   bench_timers                      # 10k, 100k and 1M waiting timers, SQLite
//   bench_timers 10000,1000000 URL    # other sizes; URL may be postgresql://...
//
// For each size it fills a fresh database with that many timers due over the
// next 30 days, then measures, each as the mean over many repetitions of a
// real transaction:
//   idle pass   the runner's claim when nothing is due (the common case)
//   next due    the query that tells the runner how long to sleep
//   schedule    moving one ticket's timer (what every ticket change does)
//   due pass    claiming and finishing 10 jobs that just fell due
// Flat figures from 10k to 1M mean no per-timer scanning.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/job_repo.h"
#include "store/migrations.h"

namespace {

namespace store = escalated::store;
using Clock = std::chrono::steady_clock;

constexpr store::Millis kBase = 1'800'000'000'000;  // 2027-01-15, "now" for the run
constexpr store::Millis kDay = 86'400'000;

template <typename F>
double mean_micros(int repetitions, F&& op) {
  auto start = Clock::now();
  for (int i = 0; i < repetitions; ++i) op(i);
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / repetitions;
}

void run(std::size_t timers, const std::string& url_template) {
  std::string url = url_template;
  std::string path;
  if (url.rfind("sqlite:", 0) == 0) {
    path = url.substr(7) + "." + std::to_string(timers);
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    url = "sqlite:" + path;
  }
  auto db = store::Database::open(url);
  store::migrate(*db);
  db->write([](store::Connection& c) { c.execute("DELETE FROM jobs"); });

  std::mt19937_64 rng(42);
  std::uniform_int_distribution<store::Millis> later(3'600'000, 30 * kDay);
  auto fill_start = Clock::now();
  const std::size_t kChunk = 50'000;
  for (std::size_t done = 0; done < timers; done += kChunk) {
    db->write([&](store::Connection& c) {
      for (std::size_t i = done; i < std::min(timers, done + kChunk); ++i)
        store::jobs::schedule(c, "sla:" + std::to_string(i), "sla_timer",
                              static_cast<std::int64_t>(i), kBase + later(rng), kBase);
    });
  }
  double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();
  // Planner statistics, as a running server has them (housekeeping on SQLite,
  // autovacuum on PostgreSQL).
  db->write([](store::Connection& c) { c.execute("ANALYZE jobs"); });

  double idle = mean_micros(2000, [&](int) {
    auto due = db->write(
        [](store::Connection& c) { return store::jobs::claim_due(c, kBase, kBase + 300'000, 64); });
    if (!due.empty()) std::abort();
  });
  double next = mean_micros(2000, [&](int) {
    auto at = db->read([](store::Connection& c) { return store::jobs::next_run_at(c); });
    if (!at) std::abort();
  });
  std::uniform_int_distribution<std::size_t> any(0, timers - 1);
  double schedule = mean_micros(2000, [&](int) {
    std::size_t i = any(rng);
    db->write([&](store::Connection& c) {
      store::jobs::schedule(c, "sla:" + std::to_string(i), "sla_timer",
                            static_cast<std::int64_t>(i), kBase + later(rng), kBase);
    });
  });
  int round = 0;
  double due_pass = mean_micros(200, [&](int) {
    ++round;
    db->write([&](store::Connection& c) {
      for (int k = 0; k < 10; ++k)
        store::jobs::schedule(c, "due:" + std::to_string(round) + ":" + std::to_string(k),
                              "snooze_wake", k, kBase - 1, kBase);
    });
    auto due = db->write(
        [](store::Connection& c) { return store::jobs::claim_due(c, kBase, kBase + 300'000, 64); });
    if (due.size() != 10) std::abort();
    for (const auto& job : due)
      db->write([&](store::Connection& c) { store::jobs::finish(c, job); });
  });
  std::printf("%10zu  %9.1f  %12.1f  %12.1f  %12.1f  %16.1f\n", timers, fill_s, idle, next,
              schedule, due_pass);
  std::fflush(stdout);
  db.reset();
  if (!path.empty())
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes = {10'000, 100'000, 1'000'000};
  if (argc > 1) {
    sizes.clear();
    std::stringstream list(argv[1]);
    for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoull(item));
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string url = argc > 2 ? argv[2]
                             : "sqlite:" + std::string(tmp && *tmp ? tmp : "/tmp") +
                                   "/escalated_bench_timers_" + std::to_string(::getpid()) + ".db";
  std::printf("# mean microseconds per operation (each its own transaction)\n");
  std::printf("%10s  %9s  %12s  %12s  %12s  %16s\n", "timers", "fill_s", "idle_pass_us",
              "next_due_us", "schedule_us", "due_pass_10_us");
  for (std::size_t n : sizes) run(n, url);
  return 0;
}
