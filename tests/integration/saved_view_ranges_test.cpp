// A saved view naming statuses and priorities, sorted by updated_at, lists
// one range of tickets_status_priority_updated per (status, priority) pair
// and merges them (store/ticket_repo.cpp): the page must hold exactly the
// tickets the query names, newest first, across pages and with other
// filters, as a plain sort would.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

using Strings = std::vector<std::string>;

class SavedViewRangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Cora Customer", "cora@example.com", "customer");
    server.add_user("Ada Agent", "ada@example.com", "agent");
    cora = server.signed_in("cora@example.com");
    ada = server.signed_in("ada@example.com");
  }

  // Every subject of every page, following next_cursor.
  Strings all_pages(const std::string& query) {
    Strings out;
    std::string cursor;
    for (int i = 0; i < 20; ++i) {
      HttpResult r = ada->get(p + "/agent/tickets?limit=2&" + query +
                              (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      auto body = r.json();
      for (const auto& t : body.at("data").as_array())
        out.emplace_back(t.at("subject").as_string());
      if (!body.at("next_cursor").is_string()) break;
      cursor = std::string(body.at("next_cursor").as_string());
    }
    return out;
  }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> cora, ada;
};

TEST_F(SavedViewRangesTest, PairsOfStatusAndPriorityMergeNewestFirstAcrossPages) {
  struct Seed {
    const char* subject;
    const char* priority;
    const char* status;  // nullptr: stays open
  };
  const Seed seeds[] = {
      {"A open high", "high", nullptr},     {"B pending urgent", "urgent", "waiting_on_customer"},
      {"C open low", "low", nullptr},       {"D closed high", "high", "closed"},
      {"E open urgent", "urgent", nullptr}, {"F waiting high", "high", "waiting_on_agent"},
      {"G open high", "high", nullptr}};
  std::int64_t first = 0;
  for (const auto& s : seeds) {
    std::int64_t id = make.ticket(*cora, s.subject, {{"priority", s.priority}});
    if (!first) first = id;
    if (s.status) make.status(*ada, id, s.status);
    server.advance_clock(60);
  }

  HttpResult saved = ada->post_json(
      p + "/agent/views", {{"name", "Hot"}, {"query", "status:open,pending priority>=high"}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const std::string view = "view_id=" + std::to_string(saved.json().at("id").as_int64());

  const Strings hot{"G open high", "F waiting high", "E open urgent", "B pending urgent",
                    "A open high"};
  EXPECT_EQ(all_pages(view), hot);
  // The same through the queue's own filters and through q=.
  EXPECT_EQ(all_pages("status=open&priority=high"), (Strings{"G open high", "A open high"}));
  EXPECT_EQ(all_pages("q=status:open,pending%20priority%3E%3Dhigh"), hot);
  // The queue's filters and the view's query both hold: their intersection.
  EXPECT_EQ(all_pages(view + "&status=open"),
            (Strings{"G open high", "E open urgent", "A open high"}));
  EXPECT_EQ(all_pages(view + "&status=closed"), Strings{});
  // Oldest first, and with a further filter inside every range.
  EXPECT_EQ(all_pages(view + "&sort=updated_at"),
            (Strings{"A open high", "B pending urgent", "E open urgent", "F waiting high",
                     "G open high"}));
  EXPECT_EQ(all_pages("q=status:open,pending%20priority%3E%3Dhigh%20-priority:urgent"),
            (Strings{"G open high", "F waiting high", "A open high"}));
  // A later change moves a ticket to the front.
  server.advance_clock(60);
  HttpResult note = ada->post_json(p + "/agent/tickets/" + std::to_string(first) + "/note",
                                   {{"body", "Checked."}});
  EXPECT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(all_pages(view).front(), "A open high");
}

}  // namespace
}  // namespace escalated::testing
