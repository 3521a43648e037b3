// The ticket_viewers table on both engines: a node replaces only its own
// rows, reads span the other nodes, one person is listed once, and expired
// rows are neither listed nor kept.
#include "store/viewer_repo.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::store {
namespace {

using escalated::testing::TestDatabase;
using viewers::ViewerRecord;

class ViewerRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::open(test_db_.url());
    migrate(*db_);
  }
  void put(const std::string& node, std::int64_t ticket, std::vector<viewers::Viewer> who,
           Millis expires_at) {
    db_->write([&](Connection& c) { viewers::replace(c, node, ticket, who, expires_at); });
  }
  std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> live(
      std::vector<std::int64_t> tickets, Millis now, const std::string& except = "") {
    std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> out;
    auto rows = db_->read([&](Connection& c) { return viewers::live(c, tickets, now, except); });
    for (const ViewerRecord& r : rows) out.emplace_back(r.ticket_id, r.user_id, r.name);
    return out;
  }
  std::int64_t count() {
    return db_->read(
        [](Connection& c) { return c.scalar("SELECT COUNT(*) FROM ticket_viewers")->as_int(); });
  }
  TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

using Rows = std::vector<std::tuple<std::int64_t, std::int64_t, std::string>>;

TEST_F(ViewerRepoTest, ReplaceTouchesOnlyTheNodesRowsOfThatTicket) {
  put("a", 1, {{10, "Ada"}, {11, "Bob"}}, 5000);
  put("a", 2, {{10, "Ada"}}, 5000);
  put("b", 1, {{10, "Ada"}, {12, "Cy"}}, 5000);
  // Ada on both nodes is one viewer; ordered by ticket, then user.
  EXPECT_EQ(live({1, 2, 3}, 1000),
            (Rows{{1, 10, "Ada"}, {1, 11, "Bob"}, {1, 12, "Cy"}, {2, 10, "Ada"}}));
  put("a", 1, {{11, "Bob"}}, 5000);
  EXPECT_EQ(live({1}, 1000, "b"), (Rows{{1, 11, "Bob"}}));
  put("a", 1, {}, 5000);
  EXPECT_EQ(live({1}, 1000), (Rows{{1, 10, "Ada"}, {1, 12, "Cy"}}));
  EXPECT_EQ(live({2}, 1000), (Rows{{2, 10, "Ada"}}));
  EXPECT_TRUE(live({}, 1000).empty());
}

TEST_F(ViewerRepoTest, ExpiredRowsAreNotListedUntilRefreshedAndAreDeleted) {
  put("gone", 1, {{10, "Ada"}}, 2000);
  put("here", 1, {{11, "Bob"}}, 2000);
  EXPECT_EQ(live({1}, 1999).size(), 2u);
  EXPECT_TRUE(live({1}, 2000).empty());  // expires_at is the first instant it is gone
  db_->write([](Connection& c) { viewers::refresh(c, "here", 9000); });
  EXPECT_EQ(live({1}, 2000), (Rows{{1, 11, "Bob"}}));
  EXPECT_EQ(db_->write([](Connection& c) { return viewers::delete_expired(c, 2000); }), 1);
  EXPECT_EQ(count(), 1);
  db_->write([](Connection& c) { viewers::remove_node(c, "here"); });
  EXPECT_EQ(count(), 0);
}

TEST_F(ViewerRepoTest, ManyTicketsAreReadInChunks) {
  std::vector<std::int64_t> tickets;
  for (std::int64_t t = 1; t <= 120; ++t) tickets.push_back(t);
  db_->write([&](Connection& c) {
    for (std::int64_t t : tickets)
      viewers::replace(c, "a", t, {{t, "U" + std::to_string(t)}}, 5000);
  });
  auto rows = live(tickets, 1000);
  ASSERT_EQ(rows.size(), 120u);
  EXPECT_EQ(rows.back(), (std::tuple<std::int64_t, std::int64_t, std::string>{120, 120, "U120"}));
}

}  // namespace
}  // namespace escalated::store
