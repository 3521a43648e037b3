// The search language on GET /agent/tickets?q= and the portal's
// GET /tickets?q=: each field, words and phrases through the full-text
// indexes (notes for staff only), malformed queries as 422 with a position,
// and customers' searches kept to their own tickets.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Subjects = std::vector<std::string>;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.set_clock("2026-03-02T10:00:00Z");
    server.add_user("Cora Customer", "cora@example.com", "customer");
    server.add_user("Dmitri Volkov", "dmitri@volkov.example", "customer");
    agent_id = server.add_user("Ada Agent", "ada@example.com", "agent");
    server.add_user("Root", "root@example.com", "admin");
    cora = server.signed_in("cora@example.com");
    dmitri = server.signed_in("dmitri@volkov.example");
    agent = server.signed_in("ada@example.com");
    admin = server.signed_in("root@example.com");
  }

  std::int64_t ticket(HttpClient& as, const std::string& subject, json::object extra = {}) {
    return make.ticket(as, subject, std::move(extra));
  }
  void post(const std::string& path, json::object body) {
    HttpResult r = agent->post_json(p + path, body);
    ASSERT_LT(r.status, 300) << path << " " << r.body;
  }
  Subjects queue(const std::string& q) { return make.search(*agent, "/agent/tickets", q); }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::int64_t agent_id = 0;
  std::unique_ptr<HttpClient> cora, dmitri, agent, admin;
};

TEST_F(SearchTest, FieldsNarrowTheQueue) {
  std::int64_t billing = make.department(*admin, "Billing");
  make.tag(*admin, "vip");
  make.tag(*admin, "spam");
  std::int64_t printer = ticket(*cora, "Printer jams", {{"priority", "high"}});
  std::int64_t invoice = ticket(*dmitri, "Invoice missing", {{"priority", "low"}});
  server.set_clock("2026-03-10T10:00:00Z");
  std::int64_t vpn = ticket(*cora, "VPN drops", {{"priority", "urgent"}});
  const std::string t = "/agent/tickets/";
  post(t + std::to_string(printer) + "/assign", {{"agent_id", agent_id}});
  post(t + std::to_string(invoice) + "/department", {{"department_id", billing}});
  post(t + std::to_string(invoice) + "/status", {{"status", "waiting_on_customer"}});
  post(t + std::to_string(printer) + "/tags", {{"add", json::array{"vip"}}});
  post(t + std::to_string(vpn) + "/tags", {{"add", json::array{"vip", "spam"}}});

  EXPECT_EQ(queue("status:pending"), Subjects{"Invoice missing"});
  EXPECT_EQ(queue("status:open,pending"),
            (Subjects{"Printer jams", "Invoice missing", "VPN drops"}));
  EXPECT_EQ(queue("-status:pending"), (Subjects{"Printer jams", "VPN drops"}));
  EXPECT_EQ(queue("priority>=high"), (Subjects{"Printer jams", "VPN drops"}));
  EXPECT_EQ(queue("priority<medium"), Subjects{"Invoice missing"});
  EXPECT_EQ(queue("assignee:me"), Subjects{"Printer jams"});
  EXPECT_EQ(queue("assignee:none"), (Subjects{"Invoice missing", "VPN drops"}));
  EXPECT_EQ(queue("-assignee:me"), (Subjects{"Invoice missing", "VPN drops"}));
  EXPECT_EQ(queue("tag:vip -tag:spam"), Subjects{"Printer jams"});
  EXPECT_EQ(queue("department:billing"), Subjects{"Invoice missing"});
  EXPECT_EQ(queue("department:" + std::to_string(billing)), Subjects{"Invoice missing"});
  EXPECT_EQ(queue("requester:CORA@example.com"), (Subjects{"Printer jams", "VPN drops"}));
  EXPECT_EQ(queue("requester:volkov"), Subjects{"Invoice missing"});
  // Dates by whole UTC days; ages from now (the test clock: March 10th).
  EXPECT_EQ(queue("created>2026-03-02"), Subjects{"VPN drops"});
  EXPECT_EQ(queue("created:2026-03-02"), (Subjects{"Printer jams", "Invoice missing"}));
  EXPECT_EQ(queue("created<3d"), Subjects{"VPN drops"});
  EXPECT_EQ(queue("created>3d priority>=high"), Subjects{"Printer jams"});
  // Everything at once, as the issue writes it.
  EXPECT_EQ(queue("status:open,pending priority>=high assignee:me tag:vip -tag:spam "
                  "created<2026-03-03 updated<30d printer"),
            Subjects{"Printer jams"});
}

TEST_F(SearchTest, WordsAndPhrasesGoThroughTheFullTextOfRepliesAndNotes) {
  std::int64_t toner = ticket(*cora, "Toner is empty", {{"description", "The office printer"}});
  std::int64_t vpn = ticket(*cora, "VPN drops at noon");
  const std::string t = "/agent/tickets/";
  post(t + std::to_string(vpn) + "/reply", {{"body", "Which client version do you run?"}});
  post(t + std::to_string(toner) + "/note", {{"body", "Cartridge backordered at Contoso"}});

  EXPECT_EQ(queue("office printer"), Subjects{"Toner is empty"});
  EXPECT_EQ(queue("\"version do\""), Subjects{"VPN drops at noon"});
  EXPECT_TRUE(queue("\"do version\"").empty()) << "a phrase keeps its order";
  EXPECT_TRUE(queue("vers client").empty()) << "whole words, but for the last one typed";
  EXPECT_EQ(queue("contoso"), Subjects{"Toner is empty"}) << "staff search notes";
  EXPECT_EQ(queue("-contoso"), Subjects{"VPN drops at noon"});
  EXPECT_EQ(queue("-\"client version\" -toner").size(), 0u);
  EXPECT_TRUE(queue("toner noon").empty()) << "every word must be in the ticket";
  // Words split where punctuation is, in the text and in the query.
  EXPECT_EQ(queue("backordered, contoso!"), Subjects{"Toner is empty"});

  // The portal: the customer's own tickets, never the notes on them.
  EXPECT_EQ(make.search(*cora, "/tickets", "client version"), Subjects{"VPN drops at noon"});
  EXPECT_TRUE(make.search(*cora, "/tickets", "contoso").empty());
  EXPECT_TRUE(make.search(*cora, "/tickets", "\"backordered at\"").empty());
  EXPECT_EQ(make.search(*cora, "/tickets", "-contoso"),
            (Subjects{"Toner is empty", "VPN drops at noon"}));
  EXPECT_TRUE(make.search(*dmitri, "/tickets", "toner").empty()) << "another customer's ticket";
  EXPECT_TRUE(make.search(*dmitri, "/tickets", "status:open").empty());
}

TEST_F(SearchTest, FullTextFollowsEditsAndDeletes) {
  std::int64_t id = ticket(*cora, "Quarterly report");
  EXPECT_EQ(queue("quarterly"), Subjects{"Quarterly report"});
  // A status change rewrites the row; the index keeps the words.
  post("/agent/tickets/" + std::to_string(id) + "/status", {{"status", "in_progress"}});
  EXPECT_EQ(queue("quarterly report"), Subjects{"Quarterly report"});
}

TEST_F(SearchTest, AttachmentsAndBreachedSlasAreFilters) {
  HttpResult policy =
      admin->post_json(p + "/admin/sla-policies",
                       {{"name", "Standard"},
                        {"first_response_minutes", {{"low", 60}, {"medium", 30}, {"high", 15}}},
                        {"resolution_minutes", {{"low", 480}, {"medium", 240}, {"high", 120}}},
                        {"is_default", true}});
  ASSERT_EQ(policy.status, 201) << policy.body;
  ticket(*cora, "Late one", {{"priority", "high"}});
  HttpResult with_file =
      cora->post_multipart(p + "/tickets", {{"subject", "With a file"}, {"description", "see"}},
                           {FilePart{"a.txt", "text/plain", "hello"}});
  ASSERT_EQ(with_file.status, 201) << with_file.body;
  server.advance_clock(3600);
  server.run_jobs();
  EXPECT_EQ(queue("sla:breached"), (Subjects{"Late one", "With a file"}));
  EXPECT_EQ(queue("has:attachment"), Subjects{"With a file"});
  EXPECT_EQ(queue("-has:attachment"), Subjects{"Late one"});
  EXPECT_EQ(make.search(*cora, "/tickets", "has:attachment"), Subjects{"With a file"});
}

TEST_F(SearchTest, BareWordsStillFindNumbersAndRequesters) {
  std::int64_t id = ticket(*dmitri, "Invoice copy");
  ticket(*cora, "Toner");
  EXPECT_EQ(queue("#" + std::to_string(id)), Subjects{"Invoice copy"});
  EXPECT_EQ(queue("Dmitri Vol"), Subjects{"Invoice copy"});
  EXPECT_EQ(queue("dmitri@volkov.example"), Subjects{"Invoice copy"});
}

// A malformed query is a 422 problem: errors.q says what was expected and
// `position` where (0-based).
TEST_F(SearchTest, MalformedQueriesAre422WithAPosition) {
  struct Case {
    std::string q;
    std::string says;
    std::int64_t position;
  };
  for (const Case& c : std::vector<Case>{
           {"printer colour:red", "unknown field \"colour\"", 8},
           {"priority>>high", "expected a value after \"priority>\"", 9},
           {"status:open,sleeping", "unknown status \"sleeping\"", 12},
           {"created>2026-13-01", "expected a date (YYYY-MM-DD)", 8},
           {"toner \"paper jam", "expected a closing \"", 6},
           {"department:nowhere", "unknown department \"nowhere\"", 0},
       }) {
    for (auto* as : {agent.get(), cora.get()}) {
      std::string base = as == agent.get() ? "/agent/tickets" : "/tickets";
      HttpResult r = as->get(p + base + "?q=" + url_encoded(c.q));
      ASSERT_EQ(r.status, 422) << c.q << " " << r.body;
      EXPECT_EQ(r.header("content-type"), "application/problem+json");
      json::value body = r.json();
      std::string message(body.at("errors").at("q").at(0).as_string());
      EXPECT_NE(message.find(c.says), std::string::npos) << c.q << ": " << message;
      EXPECT_EQ(body.at("position").as_int64(), c.position) << c.q;
    }
  }
}

}  // namespace
}  // namespace escalated::testing
