// GET /admin/audit-logs names what each entry is about: target {type, id,
// name} with the entity's name as it is now, the name its recorded values
// carry once the row is deleted, a setting's key, and null when nothing says.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class AuditNamesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Ana Lima", "ana@example.com", "admin");
    bob_id = server.add_user("Bob Stone", "bob@example.com", "agent");
    admin = server.signed_in("ana@example.com");
  }
  // The newest entry about entity_type (and action, when given).
  json::value newest(const std::string& entity_type, const std::string& action = "") {
    std::string query = "?entity_type=" + entity_type + (action.empty() ? "" : "&action=" + action);
    HttpResult r = admin->get(p + "/admin/audit-logs" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    json::value page = r.json();
    const json::array& data = page.at("data").as_array();
    EXPECT_FALSE(data.empty()) << query;
    return data.empty() ? json::value() : data[0];
  }
  std::int64_t created(const std::string& path, const json::object& body) {
    HttpResult r = admin->post_json(p + path, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }

  TestServer server;
  const std::string p = server.prefix();
  std::int64_t bob_id = 0;
  std::unique_ptr<HttpClient> admin;
};

TEST_F(AuditNamesTest, TargetsAreNamedAsTheyAreNow) {
  std::int64_t dep = created("/admin/departments", {{"name", "Billing"}});
  ASSERT_EQ(admin
                ->request("PATCH", p + "/admin/departments/" + std::to_string(dep),
                          R"({"name":"Billing EMEA"})")
                .status,
            200);
  // Both entries, the creation too, name the department as it is now.
  HttpResult r =
      admin->get(p + "/admin/audit-logs?entity_type=department&entity_id=" + std::to_string(dep));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value page = r.json();
  const json::array& data = page.at("data").as_array();
  ASSERT_EQ(data.size(), 2u);
  for (const auto& e : data) {
    EXPECT_EQ(e.at("target").at("type"), "department");
    EXPECT_EQ(e.at("target").at("id").as_int64(), dep);
    EXPECT_EQ(e.at("target").at("name"), "Billing EMEA");
    EXPECT_EQ(e.at("entity_type"), "department");  // the old fields stay
    EXPECT_EQ(e.at("entity_id").as_int64(), dep);
  }

  // A user: "Ana Lima ended all sessions of Bob Stone".
  ASSERT_EQ(
      admin
          ->request("PATCH", p + "/admin/users/" + std::to_string(bob_id), R"({"roles":["admin"]})")
          .status,
      200);
  json::value ended = newest("user", "sessions_ended");
  EXPECT_EQ(ended.at("actor").at("name"), "Ana Lima");
  EXPECT_EQ(ended.at("target").at("id").as_int64(), bob_id);
  EXPECT_EQ(ended.at("target").at("name"), "Bob Stone");

  // A knowledge-base article by its title, a role by its name.
  created("/admin/kb/articles", {{"title", "Reset your password"},
                                 {"body", "Open the sign-in page."},
                                 {"status", "published"},
                                 {"audience", "public"},
                                 {"locale", "en"}});
  EXPECT_EQ(newest("kb_article").at("target").at("name"), "Reset your password");
  created("/admin/roles", {{"name", "Supervisor"},
                           {"slug", "supervisor"},
                           {"permissions", json::array{"ticket.view"}}});
  EXPECT_EQ(newest("role").at("target").at("name"), "Supervisor");
}

TEST_F(AuditNamesTest, DeletedRowsKeepTheirRecordedNameAndKeylessOnesTheirKey) {
  std::int64_t tag = created("/admin/tags", {{"name", "vip"}});
  ASSERT_EQ(admin->request("DELETE", p + "/admin/tags/" + std::to_string(tag), "").status, 204);
  json::value deleted = newest("tag", "deleted");
  EXPECT_EQ(deleted.at("target").at("id").as_int64(), tag);
  EXPECT_EQ(deleted.at("target").at("name"), "vip");
  EXPECT_EQ(newest("tag", "created").at("target").at("name"), "vip");

  std::int64_t dep = created("/admin/departments", {{"name", "Old desk"}});
  ASSERT_EQ(admin->request("DELETE", p + "/admin/departments/" + std::to_string(dep), "").status,
            204);
  EXPECT_EQ(newest("department", "deleted").at("target").at("name"), "Old desk");

  // A setting has no id: its key names it.
  json::object table{{"open", json::array{"resolved"}}, {"resolved", json::array{"closed"}}};
  HttpResult set = admin->post_json(p + "/admin/settings", {{"status_transitions", table}});
  ASSERT_EQ(set.status, 200) << set.body;
  json::value setting = newest("setting");
  EXPECT_TRUE(setting.at("target").at("id").is_null());
  EXPECT_EQ(setting.at("target").at("name"), "status_transitions");
}

TEST_F(AuditNamesTest, AManyEntryPageIsNamedInOneGoAndUnnamedOnesAreNull) {
  for (int i = 0; i < 30; ++i) created("/admin/tags", {{"name", "t" + std::to_string(i)}});
  HttpResult r = admin->get(p + "/admin/audit-logs?entity_type=tag&limit=25");
  ASSERT_EQ(r.status, 200);
  json::value page = r.json();
  const json::array& data = page.at("data").as_array();
  ASSERT_EQ(data.size(), 25u);
  EXPECT_EQ(data[0].at("target").at("name"), "t29");  // newest first
  EXPECT_EQ(data[24].at("target").at("name"), "t5");

  // A ticket by its subject; a reply has no name of its own.
  std::int64_t ticket = Build(server).ticket(*admin, "Printer jam");
  json::value opened = newest("ticket", "created");
  EXPECT_EQ(opened.at("target").at("id").as_int64(), ticket);
  EXPECT_EQ(opened.at("target").at("name"), "Printer jam");
  HttpResult reply = admin->post_json(p + "/agent/tickets/" + std::to_string(ticket) + "/reply",
                                      {{"body", "On my way."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::value replied = newest("reply");
  EXPECT_EQ(replied.at("target").at("type"), "reply");
  EXPECT_TRUE(replied.at("target").at("name").is_null());
}

}  // namespace
}  // namespace escalated::testing
