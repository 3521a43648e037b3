// Macros: admin CRUD with validation naming the action, agents listing,
// applying all or nothing in one transaction (one timeline entry per change,
// the usual events), refusals naming the action, and previews that change
// nothing.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

json::object act(const char* type, json::value value) {
  return {{"type", type}, {"value", std::move(value)}};
}

class MacrosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Lia", "lia@example.com", "light_agent");
    server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    ada = server.signed_in("ada@example.com");
    light = server.signed_in("lia@example.com");
    customer = server.signed_in("cus@example.com");
  }
  std::int64_t macro(json::array actions, bool shared = true) {
    HttpResult r = admin->post_json(make.path("/admin/macros"),
                                    json::object{{"name", "M" + std::to_string(++count)},
                                                 {"shared", shared},
                                                 {"actions", std::move(actions)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  json::object ticket(std::int64_t id) {
    HttpResult r = admin->get(make.path("/agent/tickets/" + std::to_string(id)));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  std::size_t activities(std::int64_t id) { return ticket(id).at("activities").as_array().size(); }
  HttpResult apply(HttpClient& as, std::int64_t t, std::int64_t m) {
    return as.post_json(make.path("/agent/tickets/" + std::to_string(t) + "/macro"),
                        json::object{{"macro_id", m}});
  }

  TestServer server;
  Build make{server};
  int count = 0;
  std::int64_t ada_id = 0;
  std::unique_ptr<HttpClient> admin, ada, light, customer;
};

TEST_F(MacrosTest, SavingValidatesEveryActionByIndex) {
  HttpResult r = admin->post_json(
      make.path("/admin/macros"),
      json::object{{"name", "Broken"},
                   {"actions", json::array{act("status", "resolved"), act("priority", "huge"),
                                           act("reply", "Hi {{ticket.owner}}"), act("explode", 1),
                                           act("assign", "you")}}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), (std::set<std::string>{"actions[1].value", "actions[2].value",
                                                    "actions[3].type", "actions[4].value"}));
  EXPECT_EQ(admin->post_json(make.path("/admin/macros"), json::object{{"name", "Empty"}}).status,
            422);
  EXPECT_EQ(admin->get(make.path("/admin/macros")).json().at("data").as_array().size(), 0u);
  // Agents list and use, and may not save; light agents have no macros.
  std::int64_t id = macro({act("priority", "high")});
  EXPECT_EQ(ada->get(make.path("/admin/macros")).json().at("data").as_array().size(), 1u);
  EXPECT_EQ(ada->post_json(make.path("/admin/macros"),
                           json::object{{"name", "x"}, {"actions", json::array{act("note", "x")}}})
                .status,
            403);
  EXPECT_EQ(light->get(make.path("/admin/macros")).status, 403);
  HttpResult patched =
      admin->request("PATCH", make.path("/admin/macros/" + std::to_string(id)),
                     HttpClient::serialize(json::object{
                         {"description", "Bump"},
                         {"actions", json::array{act("assign", "me"), act("add_tag", "vip")}}}),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("actions").as_array().size(), 2u);
  EXPECT_EQ(patched.json().at("actions").at(0).at("value"), "me");
  // A personal macro is its owner's only.
  std::int64_t personal = macro({act("priority", "low")}, false);
  EXPECT_EQ(ada->get(make.path("/admin/macros")).json().at("data").as_array().size(), 1u);
  std::int64_t t = make.ticket(*customer);
  EXPECT_EQ(apply(*ada, t, personal).status, 422);
  EXPECT_EQ(
      admin->request("DELETE", make.path("/admin/macros/" + std::to_string(personal)), "").status,
      204);
}

TEST_F(MacrosTest, AppliesEveryActionInOneGoWithFilledReply) {
  std::int64_t billing = make.department(*admin, "Billing");
  std::int64_t m = macro({act("status", "in_progress"), act("priority", "urgent"),
                          act("assign", "me"), act("department", billing), act("add_tag", "vip"),
                          act("note", "Internal for {{ticket.reference}}"),
                          act("reply", "Hello {{requester.name}}, {{agent.name}} here.")});
  std::int64_t t = make.ticket(*customer, "Broken *thing*");
  std::size_t before = activities(t);
  HttpResult r = apply(*ada, t, m);
  ASSERT_EQ(r.status, 200) << r.body;
  json::object after = r.json().at("ticket").as_object();
  // The reply hands the ticket to the customer after the status move.
  EXPECT_EQ(after.at("status"), "waiting_on_customer");
  EXPECT_EQ(after.at("priority"), "urgent");
  EXPECT_EQ(after.at("assignee").at("id"), ada_id);
  EXPECT_EQ(after.at("department").at("id"), billing);
  EXPECT_EQ(r.json().at("changes").as_array().size(), 7u);
  json::object full = ticket(t);
  // One timeline entry per change: status, priority, assigned, department,
  // tags, note, reply, and the status the reply moved.
  EXPECT_EQ(full.at("activities").as_array().size(), before + 8) << full.at("activities");
  bool replied = false, noted = false;
  for (const auto& reply : full.at("replies").as_array()) {
    replied |= reply.at("body") == "Hello Cus, Ada here." && reply.at("is_internal_note") == false;
    noted |= reply.at("is_internal_note") == true;
  }
  EXPECT_TRUE(replied) << full.at("replies");
  EXPECT_TRUE(noted);
}

TEST_F(MacrosTest, ARefusedActionChangesNothingAndIsNamed) {
  std::int64_t t = make.ticket(*customer);
  make.status(*admin, t, "closed");
  // A closed ticket may only be reopened: the status action at index 2 is refused.
  std::int64_t m =
      macro({act("priority", "urgent"), act("add_tag", "first"), act("status", "in_progress")});
  std::size_t before = activities(t);
  HttpResult r = apply(*ada, t, m);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json().at("action").at("index"), 2);
  EXPECT_EQ(r.json().at("action").at("type"), "status");
  json::object now = ticket(t);
  EXPECT_EQ(now.at("priority"), "medium");
  EXPECT_EQ(now.at("tags").as_array().size(), 0u);
  EXPECT_EQ(activities(t), before);
  // A permission the caller lacks (an agent without ticket.close would be
  // refused closing; here a light agent lacks ticket.edit): 403 naming it.
  std::int64_t open = make.ticket(*customer);
  HttpResult role = admin->post_json(
      make.path("/admin/roles"),
      json::object{{"slug", "macro_user"},
                   {"name", "Macro user"},
                   {"permissions",
                    json::array{"ticket.view", "ticket.view_all", "ticket.edit", "macro.view"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  std::int64_t limited = macro({act("priority", "high"), act("assign", "me")});
  server.add_user("Max", "max@example.com", "macro_user");
  auto max = server.signed_in("max@example.com");
  r = apply(*max, open, limited);
  ASSERT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json().at("action").at("index"), 1);
  EXPECT_EQ(ticket(open).at("priority"), "medium");
}

TEST_F(MacrosTest, PreviewShowsChangesAndWritesNothing) {
  std::int64_t m = macro({act("priority", "high"), act("add_tag", "brand-new"),
                          act("reply", "Hi {{requester.name}}")});
  std::int64_t t = make.ticket(*customer);
  std::size_t before = activities(t);
  HttpResult r = ada->get(make.path("/agent/tickets/" + std::to_string(t) +
                                    "/macro/preview?macro_id=" + std::to_string(m)));
  ASSERT_EQ(r.status, 200) << r.body;
  json::array changes = r.json().at("changes").as_array();
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].at("from"), "medium");
  EXPECT_EQ(changes[0].at("to"), "high");
  EXPECT_EQ(changes[0].at("changed"), true);
  EXPECT_EQ(changes[2].at("to"), "Hi Cus");
  EXPECT_EQ(r.json().at("ticket").at("priority"), "high");
  json::object now = ticket(t);
  EXPECT_EQ(now.at("priority"), "medium");
  EXPECT_EQ(now.at("replies").as_array().size(), 0u);
  EXPECT_EQ(activities(t), before);
  // The tag the preview would have created does not exist.
  HttpResult tags = admin->get(make.path("/admin/tags"));
  EXPECT_EQ(tags.body.find("brand-new"), std::string::npos) << tags.body;
  EXPECT_EQ(ada->get(make.path("/agent/tickets/" + std::to_string(t) + "/macro/preview")).status,
            422);
}

}  // namespace
}  // namespace escalated::testing
