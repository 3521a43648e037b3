// The word being typed: the last bare word of a search (GET /agent/tickets?q=,
// saved views, the portal's GET /tickets?q=) matches every word it begins
// ("refun" finds "refund") once it is kMinSearchPrefix (3) bytes long; the
// other words and quoted phrases stay whole words, and nothing the user types
// becomes full-text query syntax.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Subjects = std::vector<std::string>;

class SearchPrefixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Cora Customer", "cora@example.com", "customer");
    server.add_user("Dmitri Volkov", "dmitri@volkov.example", "customer");
    server.add_user("Ada Agent", "ada@example.com", "agent");
    cora = server.signed_in("cora@example.com");
    dmitri = server.signed_in("dmitri@volkov.example");
    agent = server.signed_in("ada@example.com");
  }

  Subjects queue(const std::string& q) { return make.search(*agent, "/agent/tickets", q); }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> cora, dmitri, agent;
};

TEST_F(SearchPrefixTest, TheLastWordFindsTheWordsItBegins) {
  make.ticket(*cora, "Refund for order", {{"description", "Charged twice for the invoice."}});
  make.ticket(*cora, "Printer jams", {{"description", "The tray is stuck."}});
  std::int64_t third =
      make.ticket(*dmitri, "Login trouble", {{"description", "Two-factor codes fail."}});
  HttpResult note = agent->post_json(p + "/agent/tickets/" + std::to_string(third) + "/reply",
                                     {{"body", "A refundable voucher is on its way."}});
  ASSERT_LT(note.status, 300) << note.body;

  EXPECT_EQ(queue("refun"), (Subjects{"Refund for order", "Login trouble"}));
  EXPECT_EQ(queue("REFUN"), (Subjects{"Refund for order", "Login trouble"}));
  EXPECT_EQ(queue("refund"), (Subjects{"Refund for order", "Login trouble"}));
  EXPECT_EQ(queue("print"), Subjects{"Printer jams"});
  // With filters, before or after the word, and in a saved view's query.
  EXPECT_EQ(queue("status:open,pending refun"), (Subjects{"Refund for order", "Login trouble"}));
  EXPECT_EQ(queue("status:open refun"), Subjects{"Refund for order"});
  EXPECT_EQ(queue("refun -tag:spam"), (Subjects{"Refund for order", "Login trouble"}));
  HttpResult view =
      agent->post_json(p + "/agent/views", {{"name", "Refunds"}, {"query", "refunda"}});
  ASSERT_EQ(view.status, 201) << view.body;
  HttpResult ran =
      agent->get(p + "/agent/tickets?view_id=" + std::to_string(view.json().at("id").as_int64()));
  ASSERT_EQ(ran.status, 200) << ran.body;
  ASSERT_EQ(ran.json().at("data").as_array().size(), 1u);
  EXPECT_EQ(ran.json().at("data").at(0).at("subject"), "Login trouble");
  // A multi-token word: its last token is the prefix.
  EXPECT_EQ(queue("two-fac"), Subjects{"Login trouble"});

  // Only the last word: an earlier one must be whole.
  EXPECT_EQ(queue("invoice refun"), Subjects{"Refund for order"});
  EXPECT_EQ(queue("refun invoice"), Subjects{});
  // Quoted phrases and negated words stay whole words.
  EXPECT_EQ(queue("\"refun\""), Subjects{});
  EXPECT_EQ(queue("order -refun"), Subjects{"Refund for order"});
  // Too short to be a prefix: two letters match whole words only.
  EXPECT_EQ(queue("tw"), Subjects{});
}

TEST_F(SearchPrefixTest, CustomersFindOnlyTheirOwnTicketsByPrefix) {
  make.ticket(*cora, "Refund for order");
  make.ticket(*dmitri, "Refund for subscription");
  EXPECT_EQ(make.search(*cora, "/tickets", "refu"), Subjects{"Refund for order"});
  EXPECT_EQ(make.search(*dmitri, "/tickets", "refu"), Subjects{"Refund for subscription"});
}

TEST_F(SearchPrefixTest, FullTextSyntaxInTheQueryIsOnlyText) {
  make.ticket(*cora, "Refund for order", {{"description", "near the deadline"}});
  make.ticket(*cora, "Printer jams");
  // FTS5 and tsquery operators typed by the user are word boundaries, never
  // syntax: each of these finds by the words alone (or is a 422 of the
  // search language, as "refun<->x" names a field "refun"), never a 500.
  for (const char* q : {"refun*", "'refun':*", "refun'", "refun\\", "refun)", "(refun", "refun^",
                        "refun|printer", "refun&printer", "refun!", "refun<->printer", "<->printer",
                        "NEAR(refun", "refun OR printer", "refun AND", "{subject}:refun",
                        "refun + printer", "\"refun\"*", "re\"fun\""}) {
    HttpResult r = agent->get(p + "/agent/tickets?q=" + url_encoded(q));
    ASSERT_TRUE(r.status == 200 || r.status == 422) << q << " " << r.status << " " << r.body;
    if (r.status == 200) {
      EXPECT_LE(r.json().at("data").as_array().size(), 1u) << q;
    }
  }
  EXPECT_EQ(agent->get(p + "/agent/tickets?q=" + url_encoded("refun<->printer")).status, 422);
  EXPECT_EQ(queue("refun*"), Subjects{"Refund for order"});
  EXPECT_EQ(queue("'refun':*"), Subjects{"Refund for order"});
  EXPECT_EQ(queue("near dead"), Subjects{"Refund for order"});
  EXPECT_EQ(queue("refun OR printer"), Subjects{});
}

}  // namespace
}  // namespace escalated::testing
