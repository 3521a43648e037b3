// The admin panel's departments, tags and settings.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    server.add_user("Ada", "ada@example.com", "agent");
    admin = server.signed_in("root@example.com");
    agent = server.signed_in("ada@example.com");
  }
  TestServer server;
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, agent;
};

TEST_F(AdminTest, DepartmentCrud) {
  HttpResult created = admin->post_json(
      p + "/admin/departments", json::object{{"name", " Billing "}, {"description", "Money"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json::value d = created.json();
  EXPECT_EQ(d.at("name").as_string(), "Billing");
  EXPECT_TRUE(d.at("active").as_bool());
  std::string id = std::to_string(d.at("id").as_int64());
  EXPECT_EQ(admin->get(p + "/admin/departments").json().at("data").as_array().size(), 1u);
  EXPECT_EQ(agent->get(p + "/admin/departments").status, 200) << "agents may list departments";
  EXPECT_EQ(admin->get(p + "/admin/departments/" + id).json().at("description").as_string(),
            "Money");
  HttpResult patched =
      admin->request("PATCH", p + "/admin/departments/" + id, R"({"active": false})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_FALSE(patched.json().at("active").as_bool());
  EXPECT_EQ(patched.json().at("name").as_string(), "Billing");
  EXPECT_EQ(admin->request("DELETE", p + "/admin/departments/" + id, "").status, 204);
  EXPECT_EQ(admin->get(p + "/admin/departments/" + id).status, 404);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/departments/" + id, "").status, 404);
}

TEST_F(AdminTest, DepartmentValidation) {
  admin->post_json(p + "/admin/departments", json::object{{"name", "Billing"}});
  HttpResult dup = admin->post_json(p + "/admin/departments", json::object{{"name", "Billing"}});
  ASSERT_EQ(dup.status, 422);
  EXPECT_TRUE(dup.json().at("errors").as_object().contains("name"));
  EXPECT_EQ(admin->post_json(p + "/admin/departments", json::object{}).status, 422);
  EXPECT_EQ(
      admin->post_json(p + "/admin/departments", json::object{{"name", std::string(101, 'x')}})
          .status,
      422);
  EXPECT_EQ(
      admin->post_json(p + "/admin/departments", json::object{{"name", "ok"}, {"active", "yes"}})
          .status,
      422);
  EXPECT_EQ(admin->get(p + "/admin/departments/abc").status, 404);
  EXPECT_EQ(agent->post_json(p + "/admin/departments", json::object{{"name", "Sneaky"}}).status,
            403);
  EXPECT_EQ(admin->get(p + "/admin/departments").json().at("data").as_array().size(), 1u);
}

TEST_F(AdminTest, DeletingADepartmentKeepsItsTickets) {
  server.add_user("Cus", "cus@example.com", "customer");
  auto customer = server.signed_in("cus@example.com");
  json::value d = admin->post_json(p + "/admin/departments", json::object{{"name", "Temp"}}).json();
  json::value t = customer
                      ->post_json(p + "/tickets", json::object{{"subject", "s"},
                                                               {"description", "d"},
                                                               {"department_id", d.at("id")}})
                      .json();
  ASSERT_EQ(
      admin
          ->request("DELETE", p + "/admin/departments/" + std::to_string(d.at("id").as_int64()), "")
          .status,
      204);
  json::value after =
      agent->get(p + "/agent/tickets/" + std::to_string(t.at("id").as_int64())).json();
  EXPECT_TRUE(after.at("department").is_null());
}

TEST_F(AdminTest, TagCrud) {
  HttpResult created =
      admin->post_json(p + "/admin/tags", json::object{{"name", "vip"}, {"color", "#abc"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = std::to_string(created.json().at("id").as_int64());
  EXPECT_EQ(
      admin->post_json(p + "/admin/tags", json::object{{"name", "bad"}, {"color", "red"}}).status,
      422);
  EXPECT_EQ(admin->post_json(p + "/admin/tags", json::object{{"name", "vip"}}).status, 422);
  HttpResult renamed =
      admin->request("PUT", p + "/admin/tags/" + id, R"({"name": "VIP customer"})");
  ASSERT_EQ(renamed.status, 200);
  EXPECT_EQ(renamed.json().at("name").as_string(), "VIP customer");
  EXPECT_EQ(renamed.json().at("color").as_string(), "#abc");
  EXPECT_EQ(agent->request("DELETE", p + "/admin/tags/" + id, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/tags/" + id, "").status, 204);
  EXPECT_EQ(admin->get(p + "/admin/tags").json().at("data").as_array().size(), 0u);
}

TEST_F(AdminTest, SettingsShowTheTransitionTable) {
  HttpResult r = admin->get(p + "/admin/settings");
  ASSERT_EQ(r.status, 200);
  auto table = r.json().at("status_transitions").as_object();
  EXPECT_EQ(table.at("closed"), json::array{"reopened"});
  EXPECT_EQ(table.size(), 8u);
  EXPECT_EQ(agent->get(p + "/admin/settings").status, 403);
  HttpResult unknown =
      admin->post_json(p + "/admin/settings", json::object{{"colour_scheme", "dark"}});
  ASSERT_EQ(unknown.status, 422);
  EXPECT_TRUE(unknown.json().at("errors").as_object().contains("colour_scheme"));
}

TEST_F(AdminTest, SettingsOfTheWrongShapeNameTheSetting) {
  const json::value before = admin->get(p + "/admin/settings").json();
  const json::value tables[] = {nullptr,
                                "open",
                                json::object{{"open", "resolved"}},
                                json::object{{"open", json::array{"resolved", 3}}},
                                json::object{{"nowhere", json::array{}}},
                                json::object{{"open", json::array{"open"}}}};
  for (const json::value& table : tables) {
    HttpResult r =
        admin->post_json(p + "/admin/settings", json::object{{"status_transitions", table}});
    ASSERT_EQ(r.status, 422) << r.body;
    const json::object errors = r.json().at("errors").as_object();
    EXPECT_EQ(errors.size(), 1u) << r.body;
    EXPECT_TRUE(errors.contains("status_transitions")) << r.body;
  }
  EXPECT_EQ(admin->get(p + "/admin/settings").json(), before);
}

TEST_F(AdminTest, AgentsListForAssignment) {
  server.add_user("Cus", "cus@example.com", "customer");
  HttpResult r = agent->get(p + "/agent/agents");
  ASSERT_EQ(r.status, 200);
  std::vector<std::string> names;
  json::value body = r.json();
  for (const auto& u : body.at("data").as_array()) names.emplace_back(u.at("name").as_string());
  EXPECT_EQ(names, (std::vector<std::string>{"Ada", "Root"}));
}

}  // namespace
}  // namespace escalated::testing
