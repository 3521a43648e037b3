// Sign-in lockouts shared by the nodes of a cluster: two LoginThrottles, each
// with its own connection to one database (two nodes), count the same
// failures, on SQLite and on PostgreSQL; parallel guesses through six get
// exactly the allowed number of tries; no tried e-mail address is stored.
#include "services/access/shared_login_failures.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/database.h"
#include "store/login_failure_repo.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::services {
namespace {

using escalated::testing::TestDatabase;
using security::LoginThrottle;

constexpr core::Millis kT0 = 1'800'000'000'000;
constexpr core::Millis kMinute = 60'000;

class SharedLoginFailuresTest : public ::testing::Test {
 protected:
  // One node: its own database handle and its own throttle.
  struct Node {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<LoginThrottle> throttle;
  };
  Node node() {
    Node n;
    n.db = store::Database::open(test_db_.url());
    n.throttle = std::make_unique<LoginThrottle>(
        clock_, options_, std::make_shared<SharedLoginFailures>(*n.db, options_.window));
    return n;
  }
  void SetUp() override {
    clock_.set(kT0);
    auto db = store::Database::open(test_db_.url());
    store::migrate(*db);
    a_ = node();
    b_ = node();
  }
  // A failed sign-in from its own IP address, so only the account counts.
  LoginThrottle::Attempt fail(Node& n, const std::string& account) {
    return n.throttle->begin_attempt(account, "10.0.0." + std::to_string(next_ip_++));
  }

  TestDatabase test_db_;
  core::ManualClock clock_;
  security::LoginThrottleOptions options_;
  Node a_, b_;
  int next_ip_ = 0;
};

TEST_F(SharedLoginFailuresTest, FailuresOnTwoNodesAddUpToOneLock) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(fail(a_, "ana@example.com").allowed()) << i;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(fail(b_, "ana@example.com").allowed()) << i;
  // The tenth failure (on b) locked the account for a minute, on both nodes.
  LoginThrottle::Attempt refused = fail(a_, "ana@example.com");
  EXPECT_FALSE(refused.allowed());
  EXPECT_EQ(refused.retry_after_seconds(), 60);
  EXPECT_FALSE(fail(b_, "ana@example.com").allowed());
  // Another account is not affected.
  EXPECT_TRUE(fail(b_, "bo@example.com").allowed());
  clock_.advance(kMinute);
  EXPECT_TRUE(fail(a_, "ana@example.com").allowed());
  // The next failure after the lock doubles it, whichever node sees it.
  LoginThrottle::Attempt again = fail(b_, "ana@example.com");
  EXPECT_FALSE(again.allowed());
  EXPECT_EQ(again.retry_after_seconds(), 120);
}

TEST_F(SharedLoginFailuresTest, ASuccessOnOneNodeStartsTheAccountAfreshOnAll) {
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(fail(a_, "ana@example.com").allowed()) << i;
  LoginThrottle::Attempt right = fail(b_, "ana@example.com");
  ASSERT_TRUE(right.allowed());
  b_.throttle->succeeded(right);
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(fail(a_, "ana@example.com").allowed()) << i;
}

TEST_F(SharedLoginFailuresTest, ParallelGuessesThroughSixNodesGetExactlyTheAllowedTries) {
  std::vector<Node> nodes;
  for (int i = 0; i < 6; ++i) nodes.push_back(node());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (Node& n : nodes) {
    threads.emplace_back([&] {
      for (int i = 0; i < 8; ++i)
        if (n.throttle->begin_attempt("ana@example.com", "192.0.2.1").allowed()) ++allowed;
    });
  }
  for (auto& t : threads) t.join();
  // 48 guesses at once; the failures counted before the lock are the limit.
  EXPECT_EQ(allowed.load(), options_.max_failures_per_account);
}

TEST_F(SharedLoginFailuresTest, OnlyHashesAreKeptAndIdleRecordsGo) {
  fail(a_, "ana@example.com");
  EXPECT_EQ(a_.throttle->size(), 2u);  // the account and the IP address
  auto kept = a_.db->read([](store::Connection& c) {
    std::string all;
    for (const auto& r : c.query("SELECT key_hash, recent FROM login_failures").rows)
      all += r.text(0) + " " + r.text(1) + "\n";
    return all;
  });
  EXPECT_EQ(kept.find("ana"), std::string::npos) << kept;
  EXPECT_EQ(kept.find("10.0.0"), std::string::npos) << kept;
  // Housekeeping forgets a record a window after its last failure.
  auto idle = [&] {
    return a_.db->write([&](store::Connection& c) {
      return store::login_failures::delete_idle(c, clock_.now(), 100);
    });
  };
  EXPECT_EQ(idle(), 0);
  clock_.advance(options_.window);
  EXPECT_EQ(idle(), 2);
  EXPECT_EQ(b_.throttle->size(), 0u);
}

}  // namespace
}  // namespace escalated::services
