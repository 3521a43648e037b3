// Refusals of agent and account operations that other tests only see
// succeed: the agent list and the dashboard are staff's (401 for nobody, 403
// for customers), unsnoozing needs ticket.edit and a ticket that exists, and
// signing out is not routed while the host application identifies users.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class RefusalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Lee", "lee@example.com", "light_agent");
    server.add_user("Cus", "cus@example.com", "customer");
    agent = server.signed_in("ada@example.com");
    light = server.signed_in("lee@example.com");
    customer = server.signed_in("cus@example.com");
  }
  TestServer server;
  Build make{server};
  const std::string p = server.prefix();
  std::unique_ptr<HttpClient> agent, light, customer;
};

TEST_F(RefusalsTest, TheAgentListAndTheDashboardAreForStaff) {
  for (const char* path : {"/agent/agents", "/agent/tickets/dashboard"}) {
    EXPECT_EQ(server.client()->get(p + path).status, 401) << path;
    HttpResult refused = customer->get(p + path);
    EXPECT_EQ(refused.status, 403) << path;
    EXPECT_EQ(refused.header("content-type"), "application/problem+json") << path;
    EXPECT_EQ(light->get(p + path).status, 200) << path << ": light agents see tickets";
  }
}

TEST_F(RefusalsTest, UnsnoozeNeedsTicketEditAndATicket) {
  const std::string id = std::to_string(make.ticket(*customer));
  HttpResult snoozed = agent->post_json(p + "/admin/tickets/" + id + "/snooze",
                                        json::object{{"until", "2099-01-01T00:00:00Z"}});
  ASSERT_EQ(snoozed.status, 200) << snoozed.body;
  EXPECT_EQ(light->post(p + "/admin/tickets/" + id + "/unsnooze", "").status, 403);
  EXPECT_EQ(customer->post(p + "/admin/tickets/" + id + "/unsnooze", "").status, 403);
  EXPECT_EQ(agent->post(p + "/admin/tickets/999/unsnooze", "").status, 404);
  HttpResult still = agent->get(p + "/agent/tickets/" + id);
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(still.json().at("snoozed_until"), "2099-01-01T00:00:00Z") << "still snoozed";
}

TEST(EmbeddedRefusals, SigningOutIsTheHostsBusiness) {
  TestServer server;
  server.helpdesk().set_identity_resolver([](const Request& r) -> std::optional<Principal> {
    if (r.header("X-Host-User")) return Principal{"host-1", "Hal Host", "hal@example.com", "agent"};
    return std::nullopt;
  });
  auto c = server.client();
  HttpResult r = c->request("POST", server.prefix() + "/auth/logout", "", {{"X-Host-User", "1"}});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(c->get(server.prefix() + "/auth/me", {{"X-Host-User", "1"}}).status, 200)
      << "the host's user is still who the host says";
}

// Every route's parameters filled in: {key} names a mail template, any other
// parameter is 1 (which names nothing: nothing is created here).
std::string concrete(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
    auto close = path.find('}', open);
    const std::string name = path.substr(open + 1, close - open - 1);
    path.replace(open, close - open + 1, name == "key" ? "ticket_received" : "1");
  }
  return path;
}

// Nobody signed in is refused by every route that needs a user, before any
// handler runs: 401 and a problem document, whatever the route and body.
TEST(AnonymousRefusals, EveryRouteThatNeedsAUserAnswers401) {
  TestServer server;
  auto nobody = server.client();
  int checked = 0;
  for (const auto& route : server.helpdesk().route_access()) {
    if (route.access == "public") continue;
    const bool has_body =
        route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
    HttpResult r = nobody->request(route.method, concrete(route.path), has_body ? "{}" : "");
    const std::string what = route.method + " " + route.path;
    EXPECT_EQ(r.status, 401) << what << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
    ++checked;
  }
  EXPECT_GT(checked, 80) << "most routes need a user";
}

// A customer is refused by every route whose permission the customer role
// lacks (what it holds comes from GET /auth/me): 403 naming the permission.
TEST_F(RefusalsTest, ACustomerIsRefusedEveryRouteOfAPermissionItLacks) {
  const json::value me = customer->get(p + "/auth/me").json();
  std::set<std::string> held;
  for (const auto& slug : me.at("user").at("permissions").as_array())
    held.emplace(slug.as_string());
  ASSERT_FALSE(held.count("ticket.view")) << "customers see their own tickets only";
  int checked = 0;
  for (const auto& route : server.helpdesk().route_access()) {
    if (route.access == "public" || route.access == "user" || held.count(route.access)) continue;
    const bool has_body =
        route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
    HttpResult r = customer->request(route.method, concrete(route.path), has_body ? "{}" : "");
    const std::string what = route.method + " " + route.path + " (" + route.access + ")";
    EXPECT_EQ(r.status, 403) << what << ": " << r.body;
    EXPECT_NE(r.body.find(route.access), std::string::npos) << what << ": names the permission";
    ++checked;
  }
  EXPECT_GT(checked, 60) << "most routes are staff's";
}

}  // namespace
}  // namespace escalated::testing
