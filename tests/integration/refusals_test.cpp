// Refusals of agent and account operations that other tests only see
// succeed: the agent list and the dashboard are staff's (401 for nobody, 403
// for customers), unsnoozing needs ticket.edit and a ticket that exists, and
// signing out is not routed while the host application identifies users.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace escalated::testing
