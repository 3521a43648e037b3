// Retention on both engines: only finished rows older than the cut-off go,
// oldest first, at most `limit` per call; pending work is never touched.
#include <gtest/gtest.h>

#include "store/database.h"
#include "store/migrations.h"
#include "store/retention.h"
#include "support/test_database.h"

namespace escalated::store {
namespace {

using escalated::testing::TestDatabase;

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::open(test_db_.url());
    migrate(*db_);
  }
  std::int64_t count(const std::string& sql) {
    return db_->read([&](Connection& c) { return c.scalar(sql)->as_int(); });
  }
  void event(Millis created, std::optional<Millis> dispatched) {
    db_->write([&](Connection& c) {
      c.execute(
          "INSERT INTO outbox (event_type, ticket_id, payload, created_at, dispatched_at) "
          "VALUES ('ticket.created', NULL, '{}', ?, ?)",
          {created, dispatched ? Value(*dispatched) : Value()});
    });
  }
  void mail(std::int64_t event_id, const std::string& status, Millis created) {
    db_->write([&](Connection& c) {
      c.execute(
          "INSERT INTO mail_messages (event_id, template, to_address, subject, message_id, body, "
          "status, next_attempt_at, created_at, updated_at) "
          "VALUES (?, 'ticket_received', 'a@example.com', 's', '<m@x>', 'b', ?, 0, ?, ?)",
          {event_id, status, created, created});
    });
  }
  void delivery(std::int64_t event_id, const std::string& status, Millis created) {
    db_->write([&](Connection& c) {
      c.execute(
          "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, message_id, body, "
          "status, next_attempt_at, created_at, updated_at) "
          "VALUES (1, ?, 'ticket.created', 'msg', '{}', ?, 0, ?, ?)",
          {event_id, status, created, created});
      std::int64_t id = c.scalar("SELECT MAX(id) FROM webhook_deliveries")->as_int();
      c.execute("INSERT INTO webhook_attempts (delivery_id, at, response_code) VALUES (?, ?, 200)",
                {id, created});
    });
  }

  TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

TEST_F(RetentionTest, DispatchedEventsOlderThanTheCutOffGoOldestFirst) {
  for (int i = 0; i < 5; ++i) event(1000 + i, 2000 + i);  // dispatched at 2000..2004
  event(1500, std::nullopt);                              // pending: never pruned
  event(9000, 9500);                                      // too recent
  EXPECT_EQ(
      db_->write([](Connection& c) { return retention::prune_dispatched_events(c, 5000, 3); }), 3);
  EXPECT_EQ(count("SELECT MIN(dispatched_at) FROM outbox WHERE dispatched_at IS NOT NULL"), 2003);
  EXPECT_EQ(
      db_->write([](Connection& c) { return retention::prune_dispatched_events(c, 5000, 3); }), 2);
  EXPECT_EQ(
      db_->write([](Connection& c) { return retention::prune_dispatched_events(c, 5000, 3); }), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE dispatched_at IS NULL"), 1);
}

TEST_F(RetentionTest, OnlyFinishedMailGoes) {
  mail(1, "sent", 1000);
  mail(2, "skipped", 1000);
  mail(3, "failed", 1000);
  mail(4, "queued", 1000);
  mail(5, "sent", 9000);
  EXPECT_EQ(db_->write([](Connection& c) { return retention::prune_finished_mail(c, 5000, 100); }),
            3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM mail_messages WHERE status = 'queued'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM mail_messages"), 2);
}

TEST_F(RetentionTest, FinishedWebhookDeliveriesGoWithTheirAttempts) {
  db_->write([](Connection& c) {
    c.execute(
        "INSERT INTO webhooks (url, events, secret, created_at, updated_at) "
        "VALUES ('https://example.com/hook', '*', 'whsec_x', 0, 0)");
  });
  delivery(1, "delivered", 1000);
  delivery(2, "failed", 1000);
  delivery(3, "pending", 1000);
  delivery(4, "delivered", 9000);
  EXPECT_EQ(db_->write([](Connection& c) {
    return retention::prune_finished_webhook_deliveries(c, 5000, 100);
  }),
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_attempts"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'"), 1);
}

}  // namespace
}  // namespace escalated::store
