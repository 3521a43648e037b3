// The presence board of a cluster's nodes on both engines, on a clock the
// test moves: nodes see each other's viewers, not their own; rows of a node
// that stopped renewing drop out once expired and a live node's renewal
// deletes them; leaving removes a node's rows at once.
#include "services/realtime/presence_board.h"

#include <gtest/gtest.h>

#include "store/database.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::services {
namespace {

using escalated::testing::TestDatabase;

TEST(PresenceBoardTest, RowsOfANodeThatStoppedRenewingExpire) {
  TestDatabase database;
  auto db = store::Database::open(database.url());
  store::migrate(*db);
  core::ManualClock clock;
  clock.set(1'000'000);
  PresenceBoard gone(*db, clock), alive(*db, clock);
  ASSERT_NE(gone.node_id(), alive.node_id());
  gone.publish({{7, {{1, "Ada"}}}, {8, {{1, "Ada"}, {2, "Bob"}}}});
  alive.publish({{7, {{2, "Bob"}}}});
  auto seen = alive.others({7, 8, 9});
  EXPECT_EQ(seen[7], (PresenceBoard::Viewers{{1, "Ada"}}));
  EXPECT_EQ(seen[8].size(), 2u);
  EXPECT_FALSE(seen.contains(9));
  EXPECT_EQ(gone.others({7}).at(7), (PresenceBoard::Viewers{{2, "Bob"}}));

  // `alive` renews; `gone` does not, and is past its lifetime.
  EXPECT_TRUE(alive.renew_when_due());
  clock.advance(PresenceBoard::kLifetime - 1);
  EXPECT_TRUE(alive.renew_when_due());
  EXPECT_FALSE(alive.renew_when_due());  // not due again yet
  EXPECT_EQ(alive.others({7, 8}).size(), 2u);
  clock.advance(1);
  EXPECT_TRUE(alive.others({7, 8}).empty());
  EXPECT_EQ(gone.others({7}).at(7), (PresenceBoard::Viewers{{2, "Bob"}}));
  auto rows = [&] {
    return db->read([](store::Connection& c) {
      return c.scalar("SELECT COUNT(*) FROM ticket_viewers")->as_int();
    });
  };
  EXPECT_EQ(rows(), 4);
  clock.advance(PresenceBoard::kRenewEvery);
  EXPECT_TRUE(alive.renew_when_due());  // deletes what expired
  EXPECT_EQ(rows(), 1);
  // Leaving removes a node's rows at once.
  alive.leave();
  EXPECT_EQ(rows(), 0);
}

}  // namespace
}  // namespace escalated::services
