// The stale-write guard: a change or reply that names the updated_at its
// sender last saw is refused with 409 (the ticket as it is now and who
// changed what last) once someone else changed the ticket, and nothing is
// written.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class StaleWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Bob", "bob@example.com", "agent");
    server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    ada = server.signed_in("ada@example.com");
    bob = server.signed_in("bob@example.com");
    customer = server.signed_in("cus@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  std::string at(std::int64_t t, const std::string& action) {
    return make.path("/agent/tickets/" + std::to_string(t) + "/" + action);
  }
  json::object ticket(std::int64_t t) {
    HttpResult r = admin->get(make.path("/agent/tickets/" + std::to_string(t)));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }

  TestServer server;
  Build make{server};
  std::int64_t ada_id = 0;
  std::unique_ptr<HttpClient> admin, ada, bob, customer;
};

TEST_F(StaleWritesTest, AChangeSinceIsA409WithTheTicketAndTheLastChange) {
  std::int64_t t = make.ticket(*customer);
  std::string seen(ticket(t).at("updated_at").as_string());
  server.advance_clock(60);
  // Bob changes the priority first.
  ASSERT_EQ(bob->post_json(at(t, "priority"), json::object{{"priority", "high"}}).status, 200);
  std::size_t replies = ticket(t).at("replies").as_array().size();
  for (auto [action, body] : std::vector<std::pair<const char*, json::object>>{
           {"status", {{"status", "in_progress"}}},
           {"priority", {{"priority", "low"}}},
           {"assign", {{"agent_id", ada_id}}},
           {"department", {{"department_id", nullptr}}},
           {"tags", {{"add", json::array{"late"}}}},
           {"reply", {{"body", "Done!"}}},
           {"note", {{"body", "Checked"}}}}) {
    body["expected_updated_at"] = seen;
    HttpResult r = ada->post_json(at(t, action), body);
    ASSERT_EQ(r.status, 409) << action << ": " << r.body;
    EXPECT_EQ(r.json().at("ticket").at("priority"), "high") << action;
    EXPECT_EQ(r.json().at("last_change").at("type"), "priority_changed") << action;
    EXPECT_EQ(r.json().at("last_change").at("actor").at("name"), "Bob") << action;
  }
  json::object now = ticket(t);
  EXPECT_EQ(now.at("priority"), "high");
  EXPECT_EQ(now.at("status"), "open");
  EXPECT_EQ(now.at("replies").as_array().size(), replies);
  EXPECT_EQ(now.at("tags").as_array().size(), 0u);
  // With the fresh updated_at the same change goes through.
  HttpResult r = ada->post_json(
      at(t, "priority"),
      json::object{{"priority", "low"}, {"expected_updated_at", now.at("updated_at")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("priority"), "low");
  // Malformed is a 422 naming it.
  r = ada->post_json(at(t, "priority"),
                     json::object{{"priority", "low"}, {"expected_updated_at", "yesterday"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_fields(r), std::set<std::string>{"expected_updated_at"});
}

}  // namespace
}  // namespace escalated::testing
