// Bulk actions: each ticket checked and committed on its own, so one
// refusal or an invisible ticket never undoes the others; requests wrong as
// a whole are a 422 with nothing written.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class BulkActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    ada = server.signed_in("ada@example.com");
    customer = server.signed_in("cus@example.com");
  }
  HttpResult bulk(HttpClient& as, json::array ids, const char* action, json::value value) {
    return as.post_json(
        make.path("/agent/tickets/bulk"),
        json::object{
            {"ticket_ids", std::move(ids)}, {"action", action}, {"value", std::move(value)}});
  }
  json::object ticket(std::int64_t id) {
    HttpResult r = admin->get(make.path("/agent/tickets/" + std::to_string(id)));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }

  TestServer server;
  Build make{server};
  std::int64_t ada_id = 0;
  std::unique_ptr<HttpClient> admin, ada, customer;
};

TEST_F(BulkActionsTest, OneFailureNeverRollsBackTheOthers) {
  std::int64_t a = make.ticket(*customer, "A"), b = make.ticket(*customer, "B"),
               c = make.ticket(*customer, "C");
  make.status(*admin, b, "closed");  // closed may only be reopened
  HttpResult r = bulk(*ada, {a, b, 999999, c}, "status", "in_progress");
  ASSERT_EQ(r.status, 200) << r.body;
  json::array results = r.json().at("results").as_array();
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].at("ok"), true);
  EXPECT_TRUE(results[0].at("error").is_null());
  EXPECT_EQ(results[1].at("ok"), false);
  EXPECT_NE(std::string(results[1].at("error").as_string()).find("cannot move"), std::string::npos);
  EXPECT_EQ(results[2].at("ok"), false);
  EXPECT_EQ(results[2].at("error"), "No such ticket.");
  EXPECT_EQ(results[3].at("ok"), true);
  EXPECT_EQ(ticket(a).at("status"), "in_progress");
  EXPECT_EQ(ticket(b).at("status"), "closed");
  EXPECT_EQ(ticket(c).at("status"), "in_progress");
}

TEST_F(BulkActionsTest, EveryActionAndMacros) {
  std::int64_t a = make.ticket(*customer, "A"), b = make.ticket(*customer, "B");
  std::int64_t billing = make.department(*admin, "Billing");
  for (auto [action, value] :
       std::vector<std::pair<const char*, json::value>>{{"priority", "high"},
                                                        {"assign", "me"},
                                                        {"department", billing},
                                                        {"add_tag", "vip"},
                                                        {"add_tag", "spam"},
                                                        {"remove_tag", "spam"}}) {
    HttpResult r = bulk(*ada, {a, b}, action, value);
    ASSERT_EQ(r.status, 200) << action << ": " << r.body;
    json::value answer = r.json();
    for (const auto& result : answer.at("results").as_array())
      EXPECT_EQ(result.at("ok"), true) << action << ": " << r.body;
  }
  for (std::int64_t id : {a, b}) {
    json::object t = ticket(id);
    EXPECT_EQ(t.at("priority"), "high");
    EXPECT_EQ(t.at("assignee").at("id"), ada_id);
    EXPECT_EQ(t.at("department").at("id"), billing);
    ASSERT_EQ(t.at("tags").as_array().size(), 1u);
    EXPECT_EQ(t.at("tags").at(0).at("name"), "vip");
  }
  HttpResult m = admin->post_json(
      make.path("/admin/macros"),
      json::object{{"name", "Urgent"},
                   {"shared", true},
                   {"actions", json::array{json::object{{"type", "priority"}, {"value", "urgent"}},
                                           json::object{{"type", "note"}, {"value", "Bulked"}}}}});
  ASSERT_EQ(m.status, 201) << m.body;
  HttpResult r = bulk(*ada, {a, b}, "macro", m.json().at("id"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ticket(a).at("priority"), "urgent");
  EXPECT_EQ(ticket(b).at("priority"), "urgent");
}

TEST_F(BulkActionsTest, RequestsWrongAsAWholeAreRefused) {
  std::int64_t a = make.ticket(*customer);
  HttpResult r = bulk(*ada, {a}, "status", "sideways");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_fields(r), std::set<std::string>{"value"});
  r = bulk(*ada, {a}, "reply", "hi");
  EXPECT_EQ(error_fields(r), std::set<std::string>{"action"});
  r = bulk(*ada, {}, "priority", "high");
  EXPECT_EQ(error_fields(r), std::set<std::string>{"ticket_ids"});
  json::array many;
  for (int i = 1; i <= 101; ++i) many.push_back(i);
  r = bulk(*ada, many, "priority", "high");
  EXPECT_EQ(error_fields(r), std::set<std::string>{"ticket_ids"});
  r = bulk(*ada, {a}, "macro", 12345);
  EXPECT_EQ(error_fields(r), std::set<std::string>{"value"});
  EXPECT_EQ(ticket(a).at("priority"), "medium");
  EXPECT_EQ(
      customer
          ->post_json(make.path("/agent/tickets/bulk"), json::object{{"ticket_ids", json::array{a}},
                                                                     {"action", "priority"},
                                                                     {"value", "high"}})
          .status,
      403);
}

}  // namespace
}  // namespace escalated::testing
