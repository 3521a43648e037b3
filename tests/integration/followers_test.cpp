// Followers: staff follow a ticket (others only with ticket.assign), are
// listed on it, find it with ?following=me, and get the assignee's
// notification mail.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class FollowersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    bob_id = server.add_user("Bob", "bob@example.com", "agent");
    lia_id = server.add_user("Lia", "lia@example.com", "light_agent");
    customer_id = server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    ada = server.signed_in("ada@example.com");
    light = server.signed_in("lia@example.com");
    customer = server.signed_in("cus@example.com");
  }
  std::string followers(std::int64_t t) {
    return make.path("/agent/tickets/" + std::to_string(t) + "/followers");
  }
  std::set<std::int64_t> listed(std::int64_t t) {
    HttpResult r = admin->get(make.path("/agent/tickets/" + std::to_string(t)));
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::int64_t> out;
    json::value answer = r.json();
    for (const auto& f : answer.at("followers").as_array()) out.insert(f.at("id").as_int64());
    return out;
  }

  TestServer server;
  Build make{server};
  std::int64_t ada_id = 0, bob_id = 0, lia_id = 0, customer_id = 0;
  std::unique_ptr<HttpClient> admin, ada, light, customer;
};

TEST_F(FollowersTest, FollowSelfOthersNeedAssign) {
  std::int64_t t = make.ticket(*customer);
  HttpResult r = ada->post_json(followers(t), json::object{});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("followers").at(0).at("id"), ada_id);
  EXPECT_EQ(r.json().at("followers").at(0).at("name"), "Ada");
  // Twice is once.
  EXPECT_EQ(ada->post_json(followers(t), json::object{}).json().at("followers").as_array().size(),
            1u);
  // A light agent follows for themselves, not for others.
  EXPECT_EQ(light->post_json(followers(t), json::object{}).status, 200);
  EXPECT_EQ(light->post_json(followers(t), json::object{{"user_id", bob_id}}).status, 403);
  EXPECT_EQ(ada->post_json(followers(t), json::object{{"user_id", bob_id}}).status, 200);
  EXPECT_EQ(listed(t), (std::set<std::int64_t>{ada_id, bob_id, lia_id}));
  // Only staff follow.
  r = ada->post_json(followers(t), json::object{{"user_id", customer_id}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_fields(r), std::set<std::string>{"user_id"});
  EXPECT_EQ(customer->post_json(followers(t), json::object{}).status, 403);
  EXPECT_EQ(ada->post_json(make.path("/agent/tickets/99999/followers"), json::object{}).status,
            404);
  // Unfollowing.
  r = light->request("DELETE", followers(t), "{}", {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(listed(t), (std::set<std::int64_t>{ada_id, bob_id}));
  EXPECT_EQ(light
                ->request("DELETE", followers(t),
                          HttpClient::serialize(json::object{{"user_id", bob_id}}),
                          {{"Content-Type", "application/json"}})
                .status,
            403);
}

TEST_F(FollowersTest, FollowingMeListsFollowedTickets) {
  std::int64_t a = make.ticket(*customer, "A"), b = make.ticket(*customer, "B");
  make.ticket(*customer, "C");
  ASSERT_EQ(ada->post_json(followers(a), json::object{}).status, 200);
  ASSERT_EQ(ada->post_json(followers(b), json::object{}).status, 200);
  HttpResult r = ada->get(make.path("/agent/tickets?following=me"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::int64_t> ids;
  json::value page = r.json();
  for (const auto& t : page.at("data").as_array()) ids.insert(t.at("id").as_int64());
  EXPECT_EQ(ids, (std::set<std::int64_t>{a, b}));
  EXPECT_EQ(
      admin->get(make.path("/agent/tickets?following=me")).json().at("data").as_array().size(), 0u);
  EXPECT_EQ(ada->get(make.path("/agent/tickets?following=bob")).status, 422);
}

TEST_F(FollowersTest, FollowersGetTheAssigneesMail) {
  std::int64_t t = make.ticket(*customer);
  ASSERT_EQ(admin
                ->post_json(make.path("/agent/tickets/" + std::to_string(t) + "/assign"),
                            json::object{{"agent_id", ada_id}})
                .status,
            200);
  ASSERT_EQ(admin->post_json(followers(t), json::object{{"user_id", bob_id}}).status, 200);
  ASSERT_EQ(ada->post_json(followers(t), json::object{}).status, 200);  // the assignee: once
  server.run_jobs();
  ASSERT_EQ(customer
                ->post_json(make.path("/tickets/" + std::to_string(t) + "/reply"),
                            json::object{{"body", "Any news?"}})
                .status,
            201);
  server.run_jobs();
  HttpResult mail = admin->get(make.path("/admin/mail"));
  ASSERT_EQ(mail.status, 200) << mail.body;
  std::multiset<std::string> to;
  json::value rows = mail.json();
  for (const auto& m : rows.at("data").as_array())
    if (m.at("template") == "customer_replied") to.insert(std::string(m.at("to").as_string()));
  EXPECT_EQ(to, (std::multiset<std::string>{"ada@example.com", "bob@example.com"}));
}

}  // namespace
}  // namespace escalated::testing
