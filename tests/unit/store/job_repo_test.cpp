// Durable jobs on both engines: one row per key, leases, reschedules while a
// job runs, retries, dead letters, and several workers (nodes, each with
// its own connection pool) claiming concurrently without running a job twice.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "store/database.h"
#include "store/job_repo.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::store {
namespace {

using escalated::testing::TestDatabase;

class JobRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::open(test_db_.url());
    migrate(*db_);
  }
  void TearDown() override { db_.reset(); }

  void schedule(const std::string& key, Millis run_at, const std::string& payload = "{}") {
    db_->write([&](Connection& c) { jobs::schedule(c, key, "test", 7, run_at, 0, payload); });
  }
  std::vector<jobs::JobRecord> claim(Millis now, int limit = 10) {
    return db_->write([&](Connection& c) { return jobs::claim_due(c, now, now + 1000, limit); });
  }
  std::optional<jobs::JobRecord> find(const std::string& key) {
    return db_->read([&](Connection& c) { return jobs::find(c, key); });
  }

  TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

TEST_F(JobRepoTest, SchedulingAKeyAgainMovesItsOneRow) {
  schedule("sla:1", 5000);
  schedule("sla:1", 9000, R"({"x":1})");
  auto job = find("sla:1");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->run_at, 9000);
  EXPECT_EQ(job->payload_json, R"({"x":1})");
  EXPECT_EQ(job->version, 2);
  EXPECT_TRUE(claim(8999).empty());
  auto claimed = claim(9000);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].key, "sla:1");
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].ticket_id, 7);
}

TEST_F(JobRepoTest, ClaimsOldestFirstAndHonoursTheLimitAndTheLease) {
  schedule("b", 200);
  schedule("a", 100);
  schedule("c", 300);
  schedule("later", 10'000);
  auto first = claim(1000, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].key, "a");
  EXPECT_EQ(first[1].key, "b");
  // a and b are leased until 2000: only c is left to claim before then.
  auto second = claim(1500);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].key, "c");
  EXPECT_TRUE(claim(1999).empty());
  // A worker that died leaves its lease to run out; the job runs again.
  auto again = claim(2001);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_F(JobRepoTest, FinishDeletesUnlessRescheduledMeanwhile) {
  schedule("done", 100);
  schedule("moved", 100);
  auto claimed = claim(100);
  ASSERT_EQ(claimed.size(), 2u);
  schedule("moved", 5000);  // while the worker runs it
  db_->write([&](Connection& c) {
    for (const auto& j : claimed) jobs::finish(c, j);
  });
  EXPECT_FALSE(find("done"));
  auto moved = find("moved");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->run_at, 5000);
  EXPECT_EQ(moved->attempts, 0);
  EXPECT_TRUE(claim(4999).empty());
  EXPECT_EQ(claim(5000).size(), 1u);
}

TEST_F(JobRepoTest, FailureWaitsThenDeadJobsStayUntilRescheduled) {
  schedule("flaky", 100);
  auto claimed = claim(100);
  ASSERT_EQ(claimed.size(), 1u);
  db_->write([&](Connection& c) { jobs::fail(c, claimed[0], "boom", 600, false, 100); });
  EXPECT_TRUE(claim(599).empty());
  claimed = claim(600);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 2);
  EXPECT_EQ(claimed[0].last_error, "boom");
  db_->write([&](Connection& c) { jobs::fail(c, claimed[0], "boom again", 700, true, 600); });
  EXPECT_TRUE(claim(1'000'000).empty());
  auto dead = db_->read([](Connection& c) { return jobs::list_dead(c, 10); });
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].last_error, "boom again");
  EXPECT_EQ(db_->read([](Connection& c) { return jobs::next_run_at(c); }), std::nullopt);
  // Scheduling the key again brings it back with a fresh count.
  schedule("flaky", 2000);
  claimed = claim(2000);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 1);
}

TEST_F(JobRepoTest, NextRunAtAndCancel) {
  EXPECT_EQ(db_->read([](Connection& c) { return jobs::next_run_at(c); }), std::nullopt);
  schedule("x", 400);
  schedule("y", 300);
  EXPECT_EQ(db_->read([](Connection& c) { return jobs::next_run_at(c); }), 300);
  db_->write([](Connection& c) { jobs::cancel(c, "y"); });
  EXPECT_EQ(db_->read([](Connection& c) { return jobs::next_run_at(c); }), 400);
}

// Two nodes (separate pools on one database) and several threads each claim
// and finish jobs as fast as they can: every job runs exactly once.
TEST_F(JobRepoTest, ConcurrentWorkersNeverRunOneJobTwice) {
  constexpr int kJobs = 400;
  db_->write([&](Connection& c) {
    for (int i = 0; i < kJobs; ++i) jobs::schedule(c, "job:" + std::to_string(i), "test", i, i, 0);
  });
  auto other_node = Database::open(test_db_.url());
  std::mutex mutex;
  std::map<std::string, int> runs;
  std::atomic<int> claimed_total{0};
  auto worker = [&](Database& db) {
    for (;;) {
      auto batch =
          db.write([&](Connection& c) { return jobs::claim_due(c, kJobs, kJobs + 60'000, 5); });
      if (batch.empty()) return;
      for (const auto& job : batch) {
        db.write([&](Connection& c) { jobs::finish(c, job); });
        std::lock_guard lock(mutex);
        ++runs[job.key];
      }
      claimed_total += static_cast<int>(batch.size());
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back(worker, std::ref(i % 2 ? *other_node : *db_));
  for (auto& t : threads) t.join();
  other_node.reset();
  EXPECT_EQ(claimed_total.load(), kJobs);
  ASSERT_EQ(runs.size(), static_cast<size_t>(kJobs));
  for (const auto& [key, n] : runs) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(db_->read([](Connection& c) { return jobs::next_run_at(c); }), std::nullopt);
}

}  // namespace
}  // namespace escalated::store
