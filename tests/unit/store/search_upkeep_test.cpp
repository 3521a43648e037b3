// The full-text upkeep housekeeping runs (store/maintenance.h): merging an
// index a step at a time ends, and what it merged still finds every row.
#include <gtest/gtest.h>

#include "store/database.h"
#include "store/maintenance.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::store {
namespace {

using escalated::testing::TestDatabase;

class SearchUpkeepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::open(test_db_.url());
    migrate(*db_);
  }
  // One user per write transaction: each commit adds a segment to SQLite's
  // users_search index, as a day of sign-ups would.
  void add_users(int n) {
    for (int i = 0; i < n; ++i) {
      db_->write([&](Connection& c) {
        c.execute(
            "INSERT INTO users (name, email, role, created_at, updated_at) "
            "VALUES (?, ?, 'customer', 0, 0)",
            {"Customer " + std::to_string(i), "c" + std::to_string(i) + "@shop.example"});
      });
    }
  }
  std::int64_t matching(const std::string& phrase) {
    return db_->read([&](Connection& c) {
      return c.scalar("SELECT COUNT(*) FROM users_search WHERE users_search MATCH ?", {phrase})
          ->as_int();
    });
  }

  TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

TEST_F(SearchUpkeepTest, MergingRunsToTheEndAndKeepsEveryRow) {
  add_users(120);
  if (db_->dialect() != Dialect::kSqlite) {
    // GIN indexes keep themselves: nothing to merge.
    EXPECT_EQ(merge_search_indexes(*db_, 1000), 0);
    return;
  }
  const int first = merge_search_indexes(*db_, 1000);
  EXPECT_GE(first, 1) << "120 commits left more than one segment to merge";
  EXPECT_EQ(merge_search_indexes(*db_, 1000), 0) << "one merge round leaves nothing to merge";
  EXPECT_EQ(matching("\"shop.example\""), 120);
  EXPECT_EQ(matching("\"customer 42\""), 1);
  EXPECT_EQ(matching("\"c42@\""), 1);
  db_->write([](Connection& c) {
    c.execute_script("INSERT INTO users_search (users_search) VALUES ('integrity-check')");
  });
}

TEST_F(SearchUpkeepTest, StepsStopAtTheBound) {
  if (db_->dialect() != Dialect::kSqlite) GTEST_SKIP() << "SQLite's indexes only";
  add_users(120);
  EXPECT_EQ(merge_search_indexes(*db_, 1), 1);
}

TEST_F(SearchUpkeepTest, TheTrigramIndexFollowsRenamesAndDeletes) {
  if (db_->dialect() != Dialect::kSqlite) GTEST_SKIP() << "SQLite's indexes only";
  add_users(3);
  db_->write([](Connection& c) {
    c.execute("UPDATE users SET name = 'Ana Lima' WHERE email = 'c1@shop.example'");
    c.execute("DELETE FROM users WHERE email = 'c2@shop.example'");
  });
  EXPECT_EQ(matching("\"ana lim\""), 1);
  EXPECT_EQ(matching("\"customer 1\""), 0);
  EXPECT_EQ(matching("\"c2@shop\""), 0);
  EXPECT_EQ(matching("\"shop.example\""), 2);
}

}  // namespace
}  // namespace escalated::store
