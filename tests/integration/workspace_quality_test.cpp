// Issue 15, the server's part of a few workspace fixes: a resolved or closed
// ticket is no longer snoozed.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class WorkspaceQualityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    server.add_user("Cus Tomer", "cus@example.com", "customer");
    server.add_user("Ada Agent", "ada@example.com", "agent");
    admin = server.signed_in("admin@example.com");
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  std::string create_ticket() { return std::to_string(build.ticket(*customer)); }
  json::object ticket(const std::string& id) {
    HttpResult r = agent->get(p + "/agent/tickets/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  void agent_post(const std::string& path, json::object body) {
    HttpResult r = agent->post_json(p + path, body);
    EXPECT_LT(r.status, 300) << path << ": " << r.body;
  }
  int activities_of_type(const std::string& id, const std::string& type) {
    int n = 0;
    json::object t = ticket(id);
    for (const auto& a : t.at("activities").as_array())
      if (a.at("type").as_string() == type) ++n;
    return n;
  }

  TestServer server;
  Build build{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, customer, agent;
};

TEST_F(WorkspaceQualityTest, ResolvingOrClosingASnoozedTicketEndsTheSnooze) {
  std::string resolved = create_ticket();
  std::string closed = create_ticket();
  std::string kept = create_ticket();
  for (const auto& id : {resolved, closed, kept})
    agent_post("/admin/tickets/" + id + "/snooze", {{"until", "2026-03-09T12:00:00Z"}});

  // Resolved one by one, closed in bulk: neither is snoozed any more.
  build.status(*agent, std::stoll(resolved), "resolved");
  EXPECT_TRUE(ticket(resolved).at("snoozed_until").is_null());
  HttpResult bulk = agent->post_json(p + "/agent/tickets/bulk",
                                     json::object{{"ticket_ids", json::array{std::stoll(closed)}},
                                                  {"action", "status"},
                                                  {"value", "closed"}});
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(ticket(closed).at("status"), "closed");
  EXPECT_TRUE(ticket(closed).at("snoozed_until").is_null());
  // A status that keeps the ticket in the queue keeps the snooze.
  agent_post("/agent/tickets/" + kept + "/status", {{"status", "in_progress"}});
  EXPECT_EQ(ticket(kept).at("snoozed_until"), "2026-03-09T12:00:00Z");

  // The old wake-up finds nothing to wake; a reopened ticket can be snoozed again.
  server.advance_clock(8 * 24 * 3600);
  server.run_jobs();
  EXPECT_EQ(activities_of_type(resolved, "unsnoozed"), 0);
  EXPECT_EQ(activities_of_type(kept, "unsnoozed"), 1);
  agent_post("/agent/tickets/" + resolved + "/status", {{"status", "reopened"}});
  agent_post("/admin/tickets/" + resolved + "/snooze", {{"until", "2026-03-20T12:00:00Z"}});
  EXPECT_EQ(ticket(resolved).at("snoozed_until"), "2026-03-20T12:00:00Z");
}

}  // namespace
}  // namespace escalated::testing
