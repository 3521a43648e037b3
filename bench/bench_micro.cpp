// bench_micro: Google Benchmark micro-benchmarks of the pieces a request is
// made of, to tell which one a slow end-to-end figure comes from.
//
//   bench_micro                                  # insert and encoding benchmarks
//   BENCH_DB=/tmp/bench.db bench_micro           # + queue/view queries on a seeded DB
//
// The insert benchmarks use a fresh SQLite file in $TMPDIR (or /tmp). The
// query benchmarks open BENCH_DB read-only in spirit: they never write to it.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/ticket_query.h"
#include "services/base/ticket_json.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/ticket_repo.h"

namespace {

namespace store = escalated::store;
namespace core = escalated::core;

std::string temp_db_path(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/escalated_bench_micro_" +
                     std::to_string(::getpid()) + "_" + name + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

store::TicketRecord sample_ticket() {
  store::TicketRecord t;
  t.subject = "Cannot log in to the mobile app";
  t.description =
      "Since this morning the page shows a spinner and never finishes loading. I tried clearing "
      "the cache and signing in again, but nothing changed. Reference number 482913.";
  t.status = core::TicketStatus::kOpen;
  t.priority = core::Priority::kHigh;
  t.created_at = t.updated_at = 1'700'000'000'000;
  return t;
}

// One ticket per transaction: what a create request costs the store when
// nothing groups commits (synchronous=FULL, so one fsync each).
void BM_SqliteInsertOnePerTransaction(benchmark::State& state) {
  std::string path = temp_db_path("single");
  {
    auto db = store::Database::open("sqlite:" + path);
    store::migrate(*db);
    store::TicketRecord t = sample_ticket();
    for (auto _ : state) {
      db->write(
          [&](store::Connection& c) { benchmark::DoNotOptimize(store::tickets::insert(c, t)); });
    }
    state.SetItemsProcessed(state.iterations());
  }
  remove_db(path);
}
BENCHMARK(BM_SqliteInsertOnePerTransaction)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(2.0)
    ->UseRealTime();

// The same insert, state.range(0) tickets per transaction: the ceiling group
// commit could reach.
void BM_SqliteInsertBatched(benchmark::State& state) {
  std::string path = temp_db_path("batched");
  {
    auto db = store::Database::open("sqlite:" + path);
    store::migrate(*db);
    store::TicketRecord t = sample_ticket();
    const auto batch = state.range(0);
    for (auto _ : state) {
      db->write([&](store::Connection& c) {
        for (int64_t i = 0; i < batch; ++i) benchmark::DoNotOptimize(store::tickets::insert(c, t));
      });
    }
    state.SetItemsProcessed(state.iterations() * batch);
  }
  remove_db(path);
}
BENCHMARK(BM_SqliteInsertBatched)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_TicketJson(benchmark::State& state) {
  escalated::services::TicketView view;
  view.ticket = sample_ticket();
  view.ticket.id = 123456;
  view.ticket.requester_id = 77;
  view.ticket.requester_name = "Ada Okafor";
  view.ticket.requester_email = "customer77@bench.example";
  view.ticket.assignee_id = 5;
  view.ticket.assignee_name = "Ben Moreau";
  view.ticket.department_id = 2;
  view.ticket.department_name = "Billing";
  view.tags = {{1, "bug", "#ef4444", 0, 0}, {4, "login", "#22c55e", 0, 0}};
  for (auto _ : state) {
    std::string text = boost::json::serialize(escalated::services::ticket_json(view, "ESC"));
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TicketJson);

// ---- queries on a seeded database (BENCH_DB) ---------------------------------

store::Database* seeded() {
  static std::unique_ptr<store::Database> db = [] {
    const char* path = std::getenv("BENCH_DB");
    return path && *path ? store::Database::open(std::string("sqlite:") + path) : nullptr;
  }();
  return db.get();
}

void run_queue(benchmark::State& state, core::TicketQuery q) {
  store::Database* db = seeded();
  if (!db) {
    state.SkipWithError("set BENCH_DB to a database filled by bench_seed");
    return;
  }
  for (auto _ : state) {
    auto page = db->read([&](store::Connection& c) { return store::tickets::list(c, q); });
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_QueueDefault(benchmark::State& state) {
  run_queue(state, {});
}
void BM_QueueStatusOpen(benchmark::State& state) {
  core::TicketQuery q;
  q.statuses = {core::TicketStatus::kOpen};
  run_queue(state, q);
}
void BM_QueuePriorityHigh(benchmark::State& state) {
  core::TicketQuery q;
  q.priorities = {core::Priority::kHigh};
  run_queue(state, q);
}
void BM_QueueAssignee(benchmark::State& state) {
  core::TicketQuery q;
  q.assignee_id = 3;  // the first seeded agent
  run_queue(state, q);
}
void BM_QueueSortPriority(benchmark::State& state) {
  core::TicketQuery q;
  q.sort = {core::TicketSortKey::kPriority, true};
  run_queue(state, q);
}
void BM_QueueRequester(benchmark::State& state) {
  core::TicketQuery q;
  q.requester_id = 100;  // a seeded customer
  run_queue(state, q);
}
BENCHMARK(BM_QueueDefault)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueueStatusOpen)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueuePriorityHigh)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueueAssignee)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueueSortPriority)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_QueueRequester)->Unit(benchmark::kMicrosecond);

void BM_TicketFindWithReplies(benchmark::State& state) {
  store::Database* db = seeded();
  if (!db) {
    state.SkipWithError("set BENCH_DB to a database filled by bench_seed");
    return;
  }
  std::int64_t max_id = db->read(
      [](store::Connection& c) { return c.scalar("SELECT MAX(id) FROM tickets")->as_int(); });
  std::uint64_t x = 1;
  for (auto _ : state) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::int64_t id = 1 + static_cast<std::int64_t>((x >> 33) % static_cast<std::uint64_t>(max_id));
    db->read([&](store::Connection& c) {
      benchmark::DoNotOptimize(store::tickets::find(c, id));
      benchmark::DoNotOptimize(store::tickets::replies(c, id, true));
    });
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TicketFindWithReplies)->Unit(benchmark::kMicrosecond);

void BM_Dashboard(benchmark::State& state) {
  store::Database* db = seeded();
  if (!db) {
    state.SkipWithError("set BENCH_DB to a database filled by bench_seed");
    return;
  }
  // "Resolved today" counts from the start of the current UTC day.
  std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  std::int64_t start_of_day = now - now % 86'400'000;
  for (auto _ : state) {
    // Every count the dashboard route makes, none of them cached.
    db->read([&](store::Connection& c) {
      benchmark::DoNotOptimize(store::tickets::count_open(c));
      benchmark::DoNotOptimize(store::tickets::count_open_assigned(c, 3));
      benchmark::DoNotOptimize(store::tickets::count_open_assigned(c, std::nullopt));
      benchmark::DoNotOptimize(store::tickets::count_resolved_since(c, start_of_day));
    });
  }
}
BENCHMARK(BM_Dashboard)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
