// The two plans of a word search (store/ticket_search_sql.h) find the same
// tickets: walking the tickets and checking each (dense, chosen for words in
// 20,000 tickets, more than a test writes) and collecting the matches first.
// The HTTP tests reach mostly the second; this holds the first to it.
#include <gtest/gtest.h>

#include <set>

#include "core/ticket_search.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/ticket_repo.h"
#include "store/ticket_search_sql.h"
#include "support/test_database.h"

namespace escalated::store::tickets {
namespace {

using escalated::testing::TestDatabase;
using Ids = std::set<std::int64_t>;

class SearchPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::open(test_db_.url());
    migrate(*db_);
    db_->write([&](Connection& c) {
      ana_ = c.query(
                  "INSERT INTO users (name, email, role, created_at, updated_at) VALUES "
                  "('Ana Refunda', 'ana@shop.example', 'customer', 0, 0) RETURNING id")
                 .first()
                 .i64(0);
      refund_ = ticket(c, "Refund for order", "Charged twice for the invoice.", 1);
      printer_ = ticket(c, "Printer jams", "The tray is stuck.", 2);
      reply(c, printer_, "A refundable voucher is on its way.", false);
      login_ = ticket(c, "Login trouble", "Codes fail.", 3);
      reply(c, login_, "Refund policy says no.", true);
      hello_ = ticket(c, "Hello", "Nothing to see.", 4, ana_);
    });
  }
  std::int64_t ticket(Connection& c, const std::string& subject, const std::string& description,
                      Millis at, std::optional<std::int64_t> requester = std::nullopt) {
    TicketRecord t;
    t.subject = subject;
    t.description = description;
    t.requester_id = requester;
    t.created_at = t.updated_at = at;
    return insert(c, t);
  }
  void reply(Connection& c, std::int64_t ticket_id, const std::string& body, bool note) {
    ReplyRecord r;
    r.ticket_id = ticket_id;
    r.body = body;
    r.is_internal_note = note;
    insert_reply(c, r);
  }
  Ids find(const std::string& text, SearchPlan plan, bool notes = false) {
    core::TicketQuery q;
    q.search = core::parse_ticket_search(text);
    q.text_in_notes = notes;
    std::string sql = "SELECT t.id FROM tickets t WHERE 1 = 1";
    Params params;
    append_search(sql, params, db_->dialect(), q, plan);
    return db_->read([&](Connection& c) {
      Ids ids;
      for (const Row& r : c.query(sql, params).rows) ids.insert(r.i64(0));
      return ids;
    });
  }
  // The tickets both plans find, after checking that they agree.
  Ids both(const std::string& text, bool prefix, bool notes = false) {
    Ids dense = find(text, {.dense = true, .prefix = prefix}, notes);
    EXPECT_EQ(dense, find(text, {.dense = false, .prefix = prefix}, notes)) << text;
    return dense;
  }

  TestDatabase test_db_;
  std::unique_ptr<Database> db_;
  std::int64_t ana_ = 0, refund_ = 0, printer_ = 0, login_ = 0, hello_ = 0;
};

TEST_F(SearchPlanTest, BothPlansFindTheSameTickets) {
  EXPECT_EQ(both("refund", false), (Ids{refund_, hello_}));  // hello_: Ana Refunda
  EXPECT_EQ(both("refund", false, true), (Ids{refund_, login_, hello_}));
  EXPECT_EQ(both("refun", true), (Ids{refund_, printer_, hello_}));
  EXPECT_EQ(both("refun", false), (Ids{hello_}));
  EXPECT_EQ(both("invoice refund", false), (Ids{refund_}));
  EXPECT_EQ(both("\"refund for\"", false), (Ids{refund_}));
  EXPECT_EQ(both("refun -printer", true), (Ids{refund_, hello_}));
  EXPECT_EQ(both("ana@shop", true), (Ids{hello_}));
  EXPECT_EQ(both("tray", true), (Ids{printer_}));
}

TEST_F(SearchPlanTest, ControlCharactersInTheWordsAreOnlyText) {
  // A NUL would end the requester index's query string early (found by
  // fuzz_smoke_http): such text is compared row by row instead.
  EXPECT_EQ(both(std::string("ana\0shop", 8), true), Ids{});
  EXPECT_EQ(both("ana\x01@shop", true), Ids{});
  EXPECT_EQ(both("a\"b\"c", true), Ids{});
}

}  // namespace
}  // namespace escalated::store::tickets
