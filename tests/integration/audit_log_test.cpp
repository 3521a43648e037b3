// GET /admin/audit-logs: every change an admin makes is on record with who,
// what, old and new values; filters and paging; only audit.view reads it;
// secrets never appear in it.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_id = server.add_user("Root", "root@example.com", "admin");
    server.add_user("Agnes", "agnes@example.com", "agent");
    admin = server.signed_in("root@example.com");
    agent = server.signed_in("agnes@example.com");
  }
  json::value log(const std::string& query = "") {
    HttpResult r = admin->get(p + "/admin/audit-logs" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  TestServer server;
  const std::string p = server.prefix();
  std::int64_t root_id = 0;
  std::unique_ptr<HttpClient> admin, agent;
};

TEST_F(AuditLogTest, ChangesAreOnRecordWithActorAndValues) {
  HttpResult d = admin->post_json(p + "/admin/departments", json::object{{"name", "Sales"}});
  ASSERT_EQ(d.status, 201) << d.body;
  std::int64_t dep = d.json().at("id").as_int64();
  ASSERT_EQ(admin
                ->request("PATCH", p + "/admin/departments/" + std::to_string(dep),
                          R"({"name":"Sales EMEA"})")
                .status,
            200);
  json::value page = log("?entity_type=department&entity_id=" + std::to_string(dep));
  const json::array& data = page.at("data").as_array();
  ASSERT_EQ(data.size(), 2u) << page;
  EXPECT_EQ(data[0].at("action"), "updated");  // newest first
  EXPECT_EQ(data[0].at("old_values").at("name"), "Sales");
  EXPECT_EQ(data[0].at("new_values").at("name"), "Sales EMEA");
  EXPECT_EQ(data[0].at("actor").at("id").as_int64(), root_id);
  EXPECT_EQ(data[0].at("actor").at("name"), "Root");
  EXPECT_EQ(data[1].at("action"), "created");
  EXPECT_TRUE(data[1].at("old_values").is_null());

  // By actor and action.
  json::value by_root = log("?actor_id=" + std::to_string(root_id) + "&action=updated");
  for (const auto& e : by_root.at("data").as_array()) {
    EXPECT_EQ(e.at("action"), "updated");
    EXPECT_EQ(e.at("actor").at("id").as_int64(), root_id);
  }
}

TEST_F(AuditLogTest, PagesAndRefusesBadQueries) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(admin->post_json(p + "/admin/tags", json::object{{"name", "t" + std::to_string(i)}})
                  .status,
              201);
  json::value first = log("?entity_type=tag&limit=2");
  ASSERT_EQ(first.at("data").as_array().size(), 2u);
  std::string cursor(first.at("next_cursor").as_string());
  json::value second = log("?entity_type=tag&limit=2&cursor=" + cursor);
  ASSERT_EQ(second.at("data").as_array().size(), 2u);
  EXPECT_LT(second.at("data").as_array()[0].at("id").as_int64(),
            first.at("data").as_array()[1].at("id").as_int64());
  json::value last = log("?entity_type=tag&limit=2&cursor=" +
                         std::string(second.at("next_cursor").as_string()));
  EXPECT_EQ(last.at("data").as_array().size(), 1u);
  EXPECT_TRUE(last.at("next_cursor").is_null());

  for (const char* bad : {"?limit=0", "?limit=201", "?cursor=zz", "?entity_id=3",
                          "?entity_type=DROP%20TABLE", "?actor_id=-1"}) {
    HttpResult r = admin->get(p + "/admin/audit-logs" + std::string(bad));
    EXPECT_EQ(r.status, 422) << bad << ": " << r.body;
  }
  EXPECT_EQ(agent->get(p + "/admin/audit-logs").status, 403);
  EXPECT_EQ(server.client()->get(p + "/admin/audit-logs").status, 401);
}

TEST_F(AuditLogTest, SecretsNeverReachTheLog) {
  HttpResult token = admin->post_json(
      p + "/admin/api-tokens",
      json::object{{"name", "ci"}, {"abilities", json::array{"tickets:read"}}});
  ASSERT_EQ(token.status, 201) << token.body;
  std::string secret(token.json().at("token").as_string());
  ASSERT_EQ(admin
                ->post_json(p + "/auth/password",
                            json::object{{"current_password", "correct horse battery"},
                                         {"new_password", "another long password"}})
                .status,
            200);
  admin = server.signed_in("root@example.com", "another long password");
  HttpResult all = admin->get(p + "/admin/audit-logs?limit=200");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body.find(secret), std::string::npos);
  EXPECT_EQ(all.body.find(secret.substr(4, 20)), std::string::npos);
  EXPECT_EQ(all.body.find("argon2"), std::string::npos);
  EXPECT_EQ(all.body.find("another long password"), std::string::npos);
  EXPECT_NE(all.body.find("password_changed"), std::string::npos);
}

}  // namespace
}  // namespace escalated::testing
