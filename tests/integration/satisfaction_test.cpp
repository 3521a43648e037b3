// Customer satisfaction ratings over HTTP: the requester rates a resolved or
// closed ticket (201, then 200 on a change), nobody else can (404 for those
// who may not see the ticket, 403 for staff who may), bad input is a 422
// naming the field and writes nothing, the rating shows on the ticket, the
// report adds up and respects departments, and ticket.rated reaches the
// outbox and a subscribed webhook.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "escalated/server.h"
#include "support/builders.h"
#include "support/recording_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class SatisfactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.helpdesk().add_event_sink(sink);
    server.add_user("Root", "root@example.com", "admin");
    cora_id = server.add_user("Cora", "cora@example.com", "customer");
    server.add_user("Mallory", "mallory@example.com", "customer");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    bo_id = server.add_user("Bo", "bo@example.com", "agent");
    admin = server.signed_in("root@example.com");
    cora = server.signed_in("cora@example.com");
    mallory = server.signed_in("mallory@example.com");
    ada = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }

  std::string new_ticket(HttpClient& as, const std::string& subject = "Printer") {
    return std::to_string(make.ticket(as, subject));
  }
  void agent_post(const std::string& id, const std::string& what, const json::object& body) {
    HttpResult r = admin->post_json(p + "/agent/tickets/" + id + "/" + what, body);
    ASSERT_EQ(r.status, 200) << what << ": " << r.body;
  }
  void set_status(const std::string& id, const std::string& status) {
    agent_post(id, "status", {{"status", status}});
  }
  std::string resolved_ticket(const std::string& subject = "Printer") {
    std::string id = new_ticket(*cora, subject);
    set_status(id, "resolved");
    return id;
  }
  HttpResult rate(HttpClient& as, const std::string& id, const json::value& body) {
    return as.post(p + "/tickets/" + id + "/rate", HttpClient::serialize(body));
  }
  HttpResult rate(const std::string& id, std::int64_t rating, const std::string& comment = "") {
    json::object body{{"rating", rating}};
    if (!comment.empty()) body["comment"] = comment;
    return rate(*cora, id, body);
  }
  json::value rating_on(const std::string& id) {
    HttpResult r = cora->get(p + "/tickets/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("satisfaction_rating");
  }
  std::int64_t department(const std::string& name) { return make.department(*admin, name); }
  HttpResult report(HttpClient& as, const std::string& query = "") {
    return as.get(p + "/admin/reports/satisfaction" + query);
  }

  TestServer server{[](Options& o) { o.webhooks.allowed_hosts = {"127.0.0.1"}; }};
  Build make{server};
  const std::string p = server.prefix();
  std::shared_ptr<RecordingSink> sink = std::make_shared<RecordingSink>();
  std::int64_t cora_id = 0, ada_id = 0, bo_id = 0;
  std::unique_ptr<HttpClient> admin, cora, mallory, ada;
};

TEST_F(SatisfactionTest, TheRequesterRatesAResolvedTicketAndMayChangeTheRating) {
  std::string id = resolved_ticket();
  EXPECT_TRUE(rating_on(id).is_null()) << "no rating yet";

  HttpResult first = rate(id, 4, "  Quick and friendly.\n");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("content-type"), "application/json");
  json::value r = first.json();
  EXPECT_EQ(std::to_string(r.at("ticket_id").as_int64()), id);
  EXPECT_EQ(r.at("rating"), 4);
  EXPECT_EQ(r.at("comment"), "Quick and friendly.") << "the comment is trimmed";
  EXPECT_EQ(r.at("created_at"), "2026-03-02T10:00:00Z");
  EXPECT_EQ(r.at("updated_at"), "2026-03-02T10:00:00Z");

  json::value shown = rating_on(id);
  ASSERT_TRUE(shown.is_object()) << shown;
  EXPECT_EQ(shown.at("rating"), 4);
  EXPECT_EQ(shown.at("comment"), "Quick and friendly.");

  server.advance_clock(3600);
  HttpResult second = rate(*cora, id, json::object{{"rating", 2}});
  ASSERT_EQ(second.status, 200) << "a second rating replaces the first: " << second.body;
  EXPECT_EQ(second.json().at("rating"), 2);
  EXPECT_TRUE(second.json().at("comment").is_null()) << "a rating without comment clears it";
  EXPECT_EQ(second.json().at("created_at"), "2026-03-02T10:00:00Z");
  EXPECT_EQ(second.json().at("updated_at"), "2026-03-02T11:00:00Z");
  EXPECT_EQ(rating_on(id).at("rating"), 2);

  // Staff see it on their view of the ticket, with a timeline entry per rating.
  HttpResult agent_view = ada->get(p + "/agent/tickets/" + id);
  ASSERT_EQ(agent_view.status, 200);
  json::value t = agent_view.json();
  EXPECT_EQ(t.at("satisfaction_rating").at("rating"), 2);
  int rated = 0;
  for (const auto& a : t.at("activities").as_array()) {
    if (a.at("type") != "rated") continue;
    ++rated;
    EXPECT_EQ(a.at("actor").at("id"), cora_id);
  }
  EXPECT_EQ(rated, 2);
  // The reference works as the key too.
  EXPECT_EQ(rate(*cora, "ESC-0000" + id, json::object{{"rating", 5}}).status, 200);
}

TEST_F(SatisfactionTest, OnlyResolvedOrClosedTicketsCanBeRated) {
  std::string id = new_ticket(*cora);
  HttpResult open = rate(id, 5);
  EXPECT_EQ(open.status, 409) << open.body;
  EXPECT_EQ(open.header("content-type"), "application/problem+json");
  EXPECT_TRUE(rating_on(id).is_null());

  set_status(id, "closed");
  EXPECT_EQ(rate(id, 5).status, 201) << "a closed ticket can be rated";
}

TEST_F(SatisfactionTest, TicketsTheCallerMayNotSeeDoNotExist) {
  std::string id = resolved_ticket();
  HttpResult other = rate(*mallory, id, json::object{{"rating", 5}});
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(rate(*mallory, "999999", json::object{{"rating", 5}}).status, 404);
  EXPECT_EQ(rate(*cora, "999999", json::object{{"rating", 5}}).status, 404);
  EXPECT_EQ(rate(*cora, "ESC-99999", json::object{{"rating", 5}}).status, 404);
  EXPECT_EQ(rate(*cora, "nonsense", json::object{{"rating", 5}}).status, 404);
  EXPECT_TRUE(rating_on(id).is_null());
  EXPECT_EQ(server.client()->post(p + "/tickets/" + id + "/rate", "{\"rating\":5}").status, 401);
}

TEST_F(SatisfactionTest, StaffWhoSeeTheTicketCannotRateOnBehalfOfTheRequester) {
  std::string id = resolved_ticket();
  for (HttpClient* staff : {ada.get(), admin.get()}) {
    HttpResult r = rate(*staff, id, json::object{{"rating", 5}});
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_NE(r.body.find("Only the requester can rate"), std::string::npos) << r.body;
  }
  EXPECT_TRUE(rating_on(id).is_null());
  // Staff who opened a ticket themselves are its requester and may rate it.
  std::string own = new_ticket(*ada, "My laptop");
  set_status(own, "resolved");
  EXPECT_EQ(rate(*ada, own, json::object{{"rating", 3}}).status, 201);
}

TEST_F(SatisfactionTest, BadInputIsA422NamingTheFieldAndWritesNothing) {
  std::string id = resolved_ticket();
  ASSERT_EQ(rate(id, 3, "Fine").status, 201);
  const std::vector<std::pair<json::value, std::string>> bad = {
      {json::object{{"rating", 0}}, "rating"},
      {json::object{{"rating", 6}}, "rating"},
      {json::object{{"rating", -1}}, "rating"},
      {json::object{{"rating", "five"}}, "rating"},
      {json::object{{"rating", "5"}}, "rating"},
      {json::object{{"rating", 4.5}}, "rating"},
      {json::object{{"rating", nullptr}}, "rating"},
      {json::object{}, "rating"},
      {json::object{{"comment", "no rating"}}, "rating"},
      {json::object{{"rating", 5}, {"comment", std::string(2001, 'x')}}, "comment"},
      {json::object{{"rating", 5}, {"comment", 42}}, "comment"},
  };
  for (const auto& [body, field] : bad) {
    HttpResult r = rate(*cora, id, body);
    EXPECT_EQ(r.status, 422) << body << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << body;
    EXPECT_EQ(error_fields(r), std::set<std::string>{field}) << body << ": " << r.body;
  }
  json::value kept = rating_on(id);
  EXPECT_EQ(kept.at("rating"), 3) << "no partial write after a 422";
  EXPECT_EQ(kept.at("comment"), "Fine");
  EXPECT_EQ(sink->events_of("ticket.rated").size(), 0u) << "events are dispatched only on demand";
  server.helpdesk().dispatch_events();
  EXPECT_EQ(sink->events_of("ticket.rated").size(), 1u) << "only the one good rating";

  // Both at once are both reported; 2000 characters (not bytes) are fine.
  HttpResult both =
      rate(*cora, id, json::object{{"rating", 9}, {"comment", std::string(2001, 'y')}});
  EXPECT_EQ(error_fields(both), (std::set<std::string>{"comment", "rating"})) << both.body;
  std::string greek;
  for (int i = 0; i < 2000; ++i) greek += "\xCE\xB1";
  EXPECT_EQ(rate(*cora, id, json::object{{"rating", 5}, {"comment", greek}}).status, 200);
  EXPECT_EQ(rating_on(id).at("comment"), json::value(greek));
}

TEST_F(SatisfactionTest, AfterAReopenAndANewResolutionTheRequesterRatesAgain) {
  std::string id = resolved_ticket();
  ASSERT_EQ(rate(id, 2, "Still broken").status, 201);
  ASSERT_EQ(cora->post(p + "/tickets/" + id + "/reopen", "").status, 200);
  HttpResult reopened = rate(id, 5);
  EXPECT_EQ(reopened.status, 409) << "not while it is open again: " << reopened.body;
  EXPECT_EQ(rating_on(id).at("rating"), 2) << "the earlier rating stays until replaced";

  server.advance_clock(60);
  set_status(id, "resolved");
  HttpResult again = rate(id, 5, "Fixed now");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(rating_on(id).at("rating"), 5);
  EXPECT_EQ(rating_on(id).at("comment"), "Fixed now");
}

// Two first ratings of one ticket at the same moment (two tabs): one creates
// the row, the other replaces it; neither fails on the unique index.
TEST_F(SatisfactionTest, ConcurrentFirstRatingsCreateOneRow) {
  for (int round = 0; round < 3; ++round) {
    std::string id = resolved_ticket("Race " + std::to_string(round));
    auto tab = server.signed_in("cora@example.com");
    HttpResult a, b;
    std::thread other([&] { b = rate(*tab, id, json::object{{"rating", 2}}); });
    a = rate(*cora, id, json::object{{"rating", 4}});
    other.join();
    std::multiset<long> statuses{a.status, b.status};
    EXPECT_EQ(statuses, (std::multiset<long>{200, 201})) << a.body << "\n" << b.body;
    std::int64_t shown = rating_on(id).at("rating").as_int64();
    EXPECT_TRUE(shown == 2 || shown == 4) << shown;
  }
}

TEST_F(SatisfactionTest, RatingWritesTicketRatedToTheOutboxAndWebhooks) {
  // A receiver on loopback for a webhook subscribed to ticket.rated only.
  std::mutex mutex;
  std::vector<Request> received;
  HttpServer receiver(ServerOptions{"127.0.0.1", 0, 2, 16 * 1024, 1 << 20, 30, 75, false},
                      [&](const Request& r) {
                        std::lock_guard lock(mutex);
                        received.push_back(r);
                        Response res;
                        res.status = 204;
                        return res;
                      });
  receiver.start();
  std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  HttpResult hook = admin->post_json(
      p + "/admin/webhooks", json::object{{"url", url}, {"events", json::array{"ticket.rated"}}});
  ASSERT_EQ(hook.status, 201) << hook.body;
  HttpResult all = admin->post_json(p + "/admin/webhooks",
                                    json::object{{"url", url}, {"events", json::array{"*"}}});
  ASSERT_EQ(all.status, 201) << all.body;

  std::string id = resolved_ticket();
  ASSERT_EQ(rate(id, 4, "Good").status, 201);
  ASSERT_EQ(rate(id, 5).status, 200);
  server.run_jobs();

  auto events = sink->events_of("ticket.rated");
  ASSERT_EQ(events.size(), 2u);
  json::value first = json::parse(events[0].payload_json);
  EXPECT_EQ(std::to_string(events[0].ticket_id), id);
  EXPECT_EQ(first.at("satisfaction_rating").at("rating"), 4);
  EXPECT_EQ(first.at("satisfaction_rating").at("comment"), "Good");
  EXPECT_EQ(first.at("replaced"), false);
  EXPECT_EQ(std::to_string(first.at("ticket").at("id").as_int64()), id);
  EXPECT_EQ(first.at("actor").at("id"), cora_id);
  EXPECT_EQ(json::parse(events[1].payload_json).at("replaced"), true);

  // Each rating reached both hooks: the one subscribed to it and "*".
  std::vector<std::string> rated_bodies;
  {
    std::lock_guard lock(mutex);
    for (const auto& r : received)
      if (r.header("X-Escalated-Event") && *r.header("X-Escalated-Event") == "ticket.rated")
        rated_bodies.push_back(r.body);
  }
  receiver.stop();
  ASSERT_EQ(rated_bodies.size(), 4u);
  EXPECT_EQ(json::parse(rated_bodies[0]).at("data").at("satisfaction_rating").at("rating"), 4);
}

// The report's known set: five rated tickets over two departments and two
// agents (one unassigned), rated a day apart.
class SatisfactionReportTest : public SatisfactionTest {
 protected:
  void SetUp() override {
    SatisfactionTest::SetUp();
    sales = department("Sales");
    billing = department("Billing");
    struct Row {
      std::int64_t department;
      std::int64_t agent;  // 0: unassigned
      std::int64_t rating;
      const char* comment;
    };
    const Row rows[] = {{sales, ada_id, 5, "Great"},
                        {sales, ada_id, 4, ""},
                        {billing, bo_id, 2, "Slow"},
                        {billing, 0, 1, "Nobody answered"},
                        {sales, bo_id, 5, ""}};
    int day = 2;
    for (const Row& row : rows) {
      server.set_clock("2026-03-0" + std::to_string(day++) + "T10:00:00Z");
      std::string id = new_ticket(*cora, "Ticket " + std::to_string(day - 2));
      agent_post(id, "department", {{"department_id", row.department}});
      if (row.agent) agent_post(id, "assign", {{"agent_id", row.agent}});
      set_status(id, "resolved");
      ASSERT_EQ(rate(id, row.rating, row.comment).status, 201);
      ids.push_back(id);
    }
    // A resolved ticket nobody rated counts nowhere.
    resolved_ticket("Unrated");
  }
  std::int64_t sales = 0, billing = 0;
  std::vector<std::string> ids;
};

TEST_F(SatisfactionReportTest, SummarisesCountAverageCsatDistributionAgentsAndRecent) {
  HttpResult r = report(*admin);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value s = r.json();
  EXPECT_EQ(s.at("count"), 5);
  EXPECT_DOUBLE_EQ(s.at("average").to_number<double>(), 3.4);        // 17 / 5
  EXPECT_DOUBLE_EQ(s.at("csat_percent").to_number<double>(), 60.0);  // 5, 4, 5 of five
  EXPECT_EQ(s.at("distribution"), (json::object{{"1", 1}, {"2", 1}, {"3", 0}, {"4", 1}, {"5", 2}}));
  const json::array& agents = s.at("by_agent").as_array();
  ASSERT_EQ(agents.size(), 2u) << "the unassigned ticket belongs to no agent";
  EXPECT_EQ(agents[0].at("agent_id"), ada_id);
  EXPECT_EQ(agents[0].at("name"), "Ada");
  EXPECT_EQ(agents[0].at("count"), 2);
  EXPECT_DOUBLE_EQ(agents[0].at("average").to_number<double>(), 4.5);
  EXPECT_EQ(agents[1].at("agent_id"), bo_id);
  EXPECT_EQ(agents[1].at("count"), 2);
  EXPECT_DOUBLE_EQ(agents[1].at("average").to_number<double>(), 3.5);
  const json::array& recent = s.at("recent").as_array();
  ASSERT_EQ(recent.size(), 5u);
  EXPECT_EQ(std::to_string(recent[0].at("ticket_id").as_int64()), ids[4]) << "latest first";
  EXPECT_EQ(recent[0].at("reference"), json::value("ESC-0000" + ids[4]));
  EXPECT_EQ(recent[0].at("agent").at("name"), "Bo");
  EXPECT_EQ(recent[1].at("comment"), "Nobody answered");
  EXPECT_TRUE(recent[1].at("agent").is_null());
  EXPECT_EQ(recent[1].at("rated_at"), "2026-03-05T10:00:00Z");
  EXPECT_EQ(recent[4].at("subject"), "Ticket 1");
  EXPECT_TRUE(recent[3].at("comment").is_null());

  // Re-rating replaces: still five ratings, the changed one counted once.
  server.set_clock("2026-03-09T10:00:00Z");
  ASSERT_EQ(rate(ids[3], 3).status, 200);
  s = report(*admin).json();
  EXPECT_EQ(s.at("count"), 5);
  EXPECT_DOUBLE_EQ(s.at("average").to_number<double>(), 3.8);  // 19 / 5
  EXPECT_EQ(s.at("distribution").at("1"), 0);
  EXPECT_EQ(std::to_string(s.at("recent").at(0).at("ticket_id").as_int64()), ids[3]);
}

TEST_F(SatisfactionReportTest, FiltersByDepartmentAgentAndTime) {
  json::value sales_only = report(*admin, "?department_id=" + std::to_string(sales)).json();
  EXPECT_EQ(sales_only.at("count"), 3);
  EXPECT_DOUBLE_EQ(sales_only.at("average").to_number<double>(), 4.67);  // 14 / 3
  EXPECT_DOUBLE_EQ(sales_only.at("csat_percent").to_number<double>(), 100.0);

  json::value bo = report(*admin, "?agent_id=" + std::to_string(bo_id)).json();
  EXPECT_EQ(bo.at("count"), 2);
  EXPECT_DOUBLE_EQ(bo.at("average").to_number<double>(), 3.5);
  EXPECT_DOUBLE_EQ(bo.at("csat_percent").to_number<double>(), 50.0);

  // Dates cover whole UTC days: the 3rd and the 4th.
  json::value days = report(*admin, "?from=2026-03-03&to=2026-03-04").json();
  EXPECT_EQ(days.at("count"), 2);
  EXPECT_EQ(days.at("distribution").at("4"), 1);
  EXPECT_EQ(days.at("distribution").at("2"), 1);
  // Instants: `to` includes the instant itself.
  json::value instants =
      report(*admin, "?from=2026-03-04T10:00:00Z&to=2026-03-05T10:00:00Z").json();
  EXPECT_EQ(instants.at("count"), 2);
  EXPECT_EQ(
      report(*admin, "?from=2026-03-04T10:00:00.001Z&to=2026-03-05T09:59:59Z").json().at("count"),
      0);

  json::value none = report(*admin, "?from=2030-01-01").json();
  EXPECT_EQ(none.at("count"), 0);
  EXPECT_TRUE(none.at("average").is_null());
  EXPECT_TRUE(none.at("csat_percent").is_null());
  EXPECT_EQ(none.at("distribution"),
            (json::object{{"1", 0}, {"2", 0}, {"3", 0}, {"4", 0}, {"5", 0}}));
  EXPECT_TRUE(none.at("by_agent").as_array().empty());
  EXPECT_TRUE(none.at("recent").as_array().empty());
}

TEST_F(SatisfactionReportTest, BadFiltersAre422sNamingTheParameter) {
  const std::vector<std::pair<std::string, std::set<std::string>>> bad = {
      {"?from=yesterday", {"from"}},
      {"?to=2026-13-01", {"to"}},
      {"?from=2026-03-05&to=2026-03-01", {"to"}},
      {"?department_id=sales", {"department_id"}},
      {"?agent_id=-4", {"agent_id"}},
      {"?from=x&agent_id=0", {"from", "agent_id"}},
  };
  for (const auto& [query, fields] : bad) {
    HttpResult r = report(*admin, query);
    EXPECT_EQ(r.status, 422) << query << ": " << r.body;
    EXPECT_EQ(error_fields(r), fields) << query << ": " << r.body;
  }
}

TEST_F(SatisfactionReportTest, NeedsReportViewAndShowsOnlyTicketsTheCallerMaySee) {
  EXPECT_EQ(report(*ada).status, 403) << "agents do not hold report.view";
  EXPECT_EQ(report(*cora).status, 403);
  EXPECT_EQ(report(*server.client()).status, 401);

  // A supervisor kept to Sales sees Sales' ratings only.
  HttpResult role = admin->post_json(
      p + "/admin/roles", json::object{{"name", "Sales lead"},
                                       {"slug", "sales_lead"},
                                       {"permissions", json::array{"ticket.view", "report.view"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  std::int64_t lead_id = server.add_user("Lea", "lea@example.com", "sales_lead");
  HttpResult scoped =
      admin->request("PATCH", p + "/admin/users/" + std::to_string(lead_id),
                     HttpClient::serialize(json::object{{"department_ids", json::array{sales}}}));
  ASSERT_EQ(scoped.status, 200) << scoped.body;
  auto lea = server.signed_in("lea@example.com");

  HttpResult r = report(*lea);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value s = r.json();
  EXPECT_EQ(s.at("count"), 3);
  EXPECT_EQ(s.at("distribution").at("1"), 0) << "the Billing ratings stay out";
  for (const auto& item : s.at("recent").as_array()) {
    std::string id = std::to_string(item.at("ticket_id").as_int64());
    EXPECT_TRUE(id == ids[0] || id == ids[1] || id == ids[4]) << id;
  }
  // Asking for Billing explicitly does not widen the view.
  EXPECT_EQ(report(*lea, "?department_id=" + std::to_string(billing)).json().at("count"), 0);
  // A Billing ticket assigned to her comes into view.
  agent_post(ids[3], "assign", {{"agent_id", lead_id}});
  EXPECT_EQ(report(*lea).json().at("count"), 4);
}

}  // namespace
}  // namespace escalated::testing
