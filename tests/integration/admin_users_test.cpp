// User management: admins list, create and change accounts (roles,
// departments, deactivation), with the safeguards around admin rights.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"
#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "correct horse battery";

class AdminUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_id = server.add_user("Root", "root@example.com", "admin");
    ada_id = server.add_user("Ada Lovelace", "ada@example.com", "agent");
    cus_id = server.add_user("Cus Tomer", "cus@example.com", "customer");
    admin = server.signed_in("root@example.com");
  }

  std::string user_path(std::int64_t id) const { return p + "/admin/users/" + std::to_string(id); }
  HttpResult patch(HttpClient& c, std::int64_t id, const json::object& body) {
    return c.request("PATCH", user_path(id), HttpClient::serialize(body));
  }
  // Every user id the list gives with these filters, following next_cursor.
  std::vector<std::int64_t> all_ids(const std::string& query, int limit) {
    std::vector<std::int64_t> ids;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      std::string url = p + "/admin/users?limit=" + std::to_string(limit) + query;
      if (!cursor.empty()) url += "&cursor=" + cursor;
      HttpResult r = admin->get(url);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      json::value body = r.json();
      EXPECT_LE(body.at("data").as_array().size(), static_cast<size_t>(limit));
      for (const auto& u : body.at("data").as_array()) ids.push_back(u.at("id").as_int64());
      if (body.at("next_cursor").is_null()) break;
      cursor = std::string(body.at("next_cursor").as_string());
    }
    return ids;
  }
  static std::string errors_text(const HttpResult& r, const std::string& field) {
    std::string out;
    json::value body = r.json();
    for (const auto& m : body.at("errors").at(field).as_array())
      out += std::string(m.as_string()) + "\n";
    return out;
  }
  std::int64_t department(const std::string& name) { return make.department(*admin, name); }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::int64_t root_id = 0, ada_id = 0, cus_id = 0;
  std::unique_ptr<HttpClient> admin;
};

TEST_F(AdminUsersTest, ListShowsTheAdminUserShape) {
  HttpResult r = admin->get(p + "/admin/users");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value body = r.json();
  EXPECT_TRUE(body.at("next_cursor").is_null());
  const json::array& data = body.at("data").as_array();
  ASSERT_EQ(data.size(), 3u);
  const json::object& ada = data[1].as_object();
  std::set<std::string> keys;
  for (const auto& [k, v] : ada) keys.insert(std::string(k));
  EXPECT_EQ(keys, (std::set<std::string>{"id", "name", "email", "roles", "kind", "department_ids",
                                         "active", "two_factor_enabled", "locale", "timezone",
                                         "created_at", "updated_at"}));
  EXPECT_EQ(ada.at("id").as_int64(), ada_id);
  EXPECT_EQ(ada.at("name").as_string(), "Ada Lovelace");
  EXPECT_EQ(ada.at("email").as_string(), "ada@example.com");
  EXPECT_EQ(ada.at("roles"), json::array{"agent"});
  EXPECT_EQ(ada.at("department_ids"), json::array{});
  EXPECT_TRUE(ada.at("active").as_bool());
  EXPECT_FALSE(ada.at("two_factor_enabled").as_bool());
  EXPECT_EQ(ada.at("created_at").as_string().back(), 'Z');
  EXPECT_EQ(r.body.find("password"), std::string::npos) << r.body;

  HttpResult one = admin->get(user_path(ada_id));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json(), data[1]);
  EXPECT_EQ(admin->get(user_path(9999)).status, 404);
  EXPECT_EQ(admin->get(p + "/admin/users/abc").status, 404);
}

TEST_F(AdminUsersTest, ListReadsTheSecondFactor) {
  // Ada's second factor is on, Cus has only a pending setup.
  server.helpdesk().database().write([&](store::Connection& c) {
    c.execute(
        "INSERT INTO two_factor (user_id, secret, enabled, last_step, created_at) "
        "VALUES (?, 'JBSWY3DPEHPK3PXP', 1, -1, 0), (?, 'JBSWY3DPEHPK3PXQ', 0, -1, 0)",
        {ada_id, cus_id});
  });
  json::value body = admin->get(p + "/admin/users").json();
  std::vector<bool> on;
  for (const auto& u : body.at("data").as_array())
    on.push_back(u.at("two_factor_enabled").as_bool());
  EXPECT_EQ(on, (std::vector<bool>{false, true, false}));
  EXPECT_TRUE(admin->get(user_path(ada_id)).json().at("two_factor_enabled").as_bool());
}

TEST_F(AdminUsersTest, FiltersPickTheRightUsers) {
  server.add_user("Bob Builder", "bob@builders.example", "customer");
  server.add_user("Zed", "zed@example.com", "agent");
  auto names = [&](const std::string& query) {
    HttpResult r = admin->get(p + "/admin/users?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> out;
    json::value body = r.json();
    for (const auto& u : body.at("data").as_array()) out.emplace_back(u.at("name").as_string());
    return out;
  };
  EXPECT_EQ(names("role=agent"), (std::vector<std::string>{"Ada Lovelace", "Zed"}));
  EXPECT_EQ(names("role=admin"), (std::vector<std::string>{"Root"}));
  EXPECT_EQ(names("role=customer"), (std::vector<std::string>{"Cus Tomer", "Bob Builder"}));
  EXPECT_EQ(names("q=LOVELACE"), (std::vector<std::string>{"Ada Lovelace"}));
  EXPECT_EQ(names("q=Builders.Example"), (std::vector<std::string>{"Bob Builder"}));
  EXPECT_EQ(names("q=%25"), (std::vector<std::string>{})) << "% is literal";
  EXPECT_EQ(names("q=e&role=agent"), (std::vector<std::string>{"Ada Lovelace", "Zed"}));

  ASSERT_EQ(patch(*admin, cus_id, json::object{{"active", false}}).status, 200);
  EXPECT_EQ(names("active=false"), (std::vector<std::string>{"Cus Tomer"}));
  EXPECT_EQ(names("active=true&role=customer"), (std::vector<std::string>{"Bob Builder"}));

  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"role=owner", "role"},
                                                        {"active=maybe", "active"},
                                                        {"limit=0", "limit"},
                                                        {"limit=201", "limit"},
                                                        {"limit=ten", "limit"},
                                                        {"cursor=abc", "cursor"},
                                                        {"q=" + std::string(201, 'x'), "q"}}) {
    HttpResult r = admin->get(p + "/admin/users?" + query);
    EXPECT_EQ(r.status, 422) << query;
    EXPECT_EQ(error_fields(r), std::set<std::string>{field}) << query << ": " << r.body;
  }
  EXPECT_EQ(admin->get(p + "/admin/users?limit=200").status, 200);
}

TEST_F(AdminUsersTest, PagesFollowIdsWithoutGapsOrRepeats) {
  for (int i = 0; i < 9; ++i) {
    server.add_user("Customer " + std::to_string(i), "c" + std::to_string(i) + "@example.com",
                    "customer");
  }
  std::vector<std::int64_t> everyone = all_ids("", 200);
  ASSERT_EQ(everyone.size(), 12u);
  EXPECT_TRUE(std::is_sorted(everyone.begin(), everyone.end()));
  for (int limit : {1, 2, 5, 11, 12}) EXPECT_EQ(all_ids("", limit), everyone) << limit;
  EXPECT_EQ(all_ids("&role=customer", 4).size(), 10u);

  // Default page size 50: one page, no cursor.
  json::value page = admin->get(p + "/admin/users").json();
  EXPECT_EQ(page.at("data").as_array().size(), 12u);
  EXPECT_TRUE(page.at("next_cursor").is_null());

  // A cursor stays good while users are added: the new one comes last, once.
  json::value first = admin->get(p + "/admin/users?limit=5").json();
  std::string cursor(first.at("next_cursor").as_string());
  std::int64_t late = server.add_user("Late", "late@example.com", "customer");
  std::vector<std::int64_t> seen;
  for (const auto& u : first.at("data").as_array()) seen.push_back(u.at("id").as_int64());
  while (!cursor.empty()) {
    json::value next = admin->get(p + "/admin/users?limit=5&cursor=" + cursor).json();
    for (const auto& u : next.at("data").as_array()) seen.push_back(u.at("id").as_int64());
    cursor =
        next.at("next_cursor").is_null() ? "" : std::string(next.at("next_cursor").as_string());
  }
  everyone.push_back(late);
  EXPECT_EQ(seen, everyone);
}

TEST_F(AdminUsersTest, CreatedAgentSignsInAndWorksTheQueue) {
  HttpResult r =
      admin->post_json(p + "/admin/users", json::object{{"name", " Grace Hopper "},
                                                        {"email", "Grace@Example.com"},
                                                        {"password", kPassword},
                                                        {"roles", json::array{"agent"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value u = r.json();
  EXPECT_EQ(u.at("name").as_string(), "Grace Hopper");
  EXPECT_EQ(u.at("email").as_string(), "grace@example.com");
  EXPECT_EQ(u.at("roles"), json::array{"agent"});
  EXPECT_EQ(u.at("department_ids"), json::array{});
  EXPECT_TRUE(u.at("active").as_bool());
  EXPECT_FALSE(u.at("two_factor_enabled").as_bool());
  EXPECT_EQ(r.body.find("password"), std::string::npos);
  EXPECT_EQ(admin->get(user_path(u.at("id").as_int64())).json(), u);

  auto grace = server.signed_in("grace@example.com");
  EXPECT_EQ(grace->get(p + "/agent/tickets").status, 200);
  EXPECT_EQ(grace->get(p + "/admin/users").status, 403);

  // Each system role can be given.
  for (const char* role : {"customer", "admin"}) {
    HttpResult made = admin->post_json(p + "/admin/users",
                                       json::object{{"name", role},
                                                    {"email", std::string(role) + "@example.com"},
                                                    {"password", kPassword},
                                                    {"roles", json::array{role}}});
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(made.json().at("roles"), json::array{role});
  }
}

TEST_F(AdminUsersTest, CreateRefusesBadFields) {
  auto create = [&](json::object body) { return admin->post_json(p + "/admin/users", body); };
  json::object good{{"name", "New"},
                    {"email", "new@example.com"},
                    {"password", kPassword},
                    {"roles", json::array{"agent"}}};

  json::object dup = good;
  dup["email"] = "ADA@example.com";
  HttpResult taken = create(dup);
  ASSERT_EQ(taken.status, 422) << taken.body;
  EXPECT_EQ(error_fields(taken), std::set<std::string>{"email"});
  EXPECT_NE(errors_text(taken, "email").find("already taken"), std::string::npos);

  // Each bad `roles` names the field (or the entry) at fault.
  for (const auto& [roles, field] :
       {std::pair{json::value(json::array{"owner"}), "roles[0]"},
        std::pair{json::value(json::array{"agent", "nobody"}), "roles[1]"},
        std::pair{json::value(json::array{}), "roles"}, std::pair{json::value("agent"), "roles"},
        std::pair{json::value(json::array{7}), "roles[0]"}}) {
    json::object bad = good;
    bad["roles"] = roles;
    HttpResult r = create(bad);
    ASSERT_EQ(r.status, 422) << json::serialize(roles);
    EXPECT_EQ(error_fields(r), std::set<std::string>{field}) << r.body;
  }
  // Several roles at once, and the system roles beyond the three of old.
  json::object both = good;
  both["email"] = "both@example.com";
  both["roles"] = json::array{"light_agent", "agent"};
  HttpResult made = create(both);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("roles"), (json::array{"agent", "light_agent"}));
  EXPECT_EQ(made.json().at("kind"), "agent");
  json::object missing = good;
  missing.erase("roles");
  EXPECT_EQ(error_fields(create(missing)), std::set<std::string>{"roles"});

  // All field errors at once, and nothing is created.
  HttpResult many = create(json::object{{"name", ""},
                                        {"email", "not-an-address"},
                                        {"password", "short"},
                                        {"roles", json::array{"owner"}}});
  ASSERT_EQ(many.status, 422);
  EXPECT_EQ(error_fields(many), (std::set<std::string>{"name", "email", "password", "roles[0]"}));
  HttpResult bad_role_only = create(json::object{{"name", "Fine"},
                                                 {"email", "fine@example.com"},
                                                 {"password", kPassword},
                                                 {"roles", json::array{"root"}}});
  EXPECT_EQ(error_fields(bad_role_only), std::set<std::string>{"roles[0]"});
  EXPECT_EQ(admin->get(p + "/admin/users").json().at("data").as_array().size(), 4u);
  EXPECT_EQ(server.client()->login(p, "fine@example.com", kPassword).status, 401);
}

TEST_F(AdminUsersTest, ChangingTheRoleEndsTheUsersSessions) {
  auto ada = server.signed_in("ada@example.com");
  auto ada_elsewhere = server.signed_in("ada@example.com");
  auto cus = server.signed_in("cus@example.com");
  ASSERT_EQ(ada->get(p + "/agent/tickets").status, 200);

  // A rename is no privilege change: sessions stay.
  HttpResult renamed = patch(*admin, cus_id, json::object{{"name", "  Cus T. "}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("name").as_string(), "Cus T.");
  EXPECT_EQ(cus->get(p + "/auth/me").status, 200);
  // Giving the role the user already has changes nothing either.
  EXPECT_EQ(patch(*admin, ada_id, json::object{{"roles", json::array{"agent"}}}).status, 200);
  EXPECT_EQ(ada->get(p + "/auth/me").status, 200);

  HttpResult demoted = patch(*admin, ada_id, json::object{{"roles", json::array{"customer"}}});
  ASSERT_EQ(demoted.status, 200) << demoted.body;
  EXPECT_EQ(demoted.json().at("roles"), json::array{"customer"});
  EXPECT_EQ(ada->get(p + "/auth/me").status, 401);
  EXPECT_EQ(ada_elsewhere->get(p + "/agent/tickets").status, 401);
  EXPECT_EQ(cus->get(p + "/auth/me").status, 200) << "other users keep their sessions";

  // Signing in again gives the new role.
  auto again = server.signed_in("ada@example.com");
  EXPECT_EQ(again->get(p + "/agent/tickets").status, 403);
  EXPECT_EQ(again->get(p + "/auth/me").json().at("user").at("role").as_string(), "customer");

  // A promotion ends sessions too (a new session gets the new rights).
  ASSERT_EQ(patch(*admin, ada_id, json::object{{"roles", json::array{"admin"}}}).status, 200);
  EXPECT_EQ(again->get(p + "/auth/me").status, 401);
  EXPECT_EQ(server.signed_in("ada@example.com")->get(p + "/admin/users").status, 200);

  HttpResult bad = patch(*admin, ada_id, json::object{{"roles", json::array{"superuser"}}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(error_fields(bad), std::set<std::string>{"roles[0]"});
  EXPECT_EQ(patch(*admin, 9999, json::object{{"name", "x"}}).status, 404);
  EXPECT_EQ(error_fields(patch(*admin, cus_id, json::object{{"name", " "}})),
            std::set<std::string>{"name"});
  EXPECT_EQ(error_fields(patch(*admin, cus_id, json::object{{"active", "no"}})),
            std::set<std::string>{"active"});
}

TEST_F(AdminUsersTest, DeactivatedUsersCannotSignIn) {
  auto ada = server.signed_in("ada@example.com");
  HttpResult off = patch(*admin, ada_id, json::object{{"active", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json().at("active").as_bool());
  EXPECT_EQ(off.json().at("roles"), json::array{"agent"});
  EXPECT_EQ(ada->get(p + "/agent/tickets").status, 401);
  EXPECT_EQ(server.client()->login(p, "ada@example.com", kPassword).status, 401);

  HttpResult on = patch(*admin, ada_id, json::object{{"active", true}});
  ASSERT_EQ(on.status, 200);
  EXPECT_TRUE(on.json().at("active").as_bool());
  EXPECT_EQ(server.signed_in("ada@example.com")->get(p + "/agent/tickets").status, 200);
}

TEST_F(AdminUsersTest, AdminsKeepTheirOwnRightsAndTheLastAdminStays) {
  std::int64_t bea_id = server.add_user("Bea", "bea@example.com", "admin");
  auto bea = server.signed_in("bea@example.com");

  for (const json::object& body :
       {json::object{{"roles", json::array{"agent"}}}, json::object{{"active", false}}}) {
    HttpResult self = patch(*admin, root_id, body);
    ASSERT_EQ(self.status, 409) << self.body;
    EXPECT_NE(self.json().at("detail").as_string().find("their own administrator role"),
              std::string::npos)
        << self.body;
  }
  // Renaming oneself is fine, and keeps the session.
  ASSERT_EQ(patch(*admin, root_id, json::object{{"name", "Root Admin"}}).status, 200);
  EXPECT_EQ(admin->get(p + "/admin/users").status, 200);

  // Another admin may demote Root; Root's sessions end.
  HttpResult demoted = patch(*bea, root_id, json::object{{"roles", json::array{"agent"}}});
  ASSERT_EQ(demoted.status, 200) << demoted.body;
  EXPECT_EQ(admin->get(p + "/admin/users").status, 401);

  // Bea is now the last active admin: never demoted or deactivated.
  for (const json::object& body :
       {json::object{{"roles", json::array{"customer"}}}, json::object{{"active", false}},
        json::object{{"roles", json::array{"admin"}}, {"active", false}}}) {
    HttpResult last = patch(*bea, bea_id, body);
    ASSERT_EQ(last.status, 409) << last.body;
    EXPECT_NE(last.json().at("detail").as_string().find("last active administrator"),
              std::string::npos)
        << last.body;
  }
  json::value still = bea->get(user_path(bea_id)).json();
  EXPECT_EQ(still.at("roles"), json::array{"admin"});
  EXPECT_TRUE(still.at("active").as_bool());

  // An inactive admin does not count: deactivate a new admin, then Bea is
  // still the last active one.
  std::int64_t cy_id = server.add_user("Cy", "cy@example.com", "admin");
  ASSERT_EQ(patch(*bea, cy_id, json::object{{"active", false}}).status, 200);
  EXPECT_EQ(patch(*bea, bea_id, json::object{{"active", false}}).status, 409);
  // With Cy active again, Cy may demote Bea.
  ASSERT_EQ(patch(*bea, cy_id, json::object{{"active", true}}).status, 200);
  auto cy = server.signed_in("cy@example.com");
  EXPECT_EQ(patch(*cy, bea_id, json::object{{"active", false}}).status, 200);
  EXPECT_EQ(bea->get(p + "/auth/me").status, 401);
}

TEST_F(AdminUsersTest, DepartmentIdsNameExistingDepartments) {
  std::int64_t billing = department("Billing");
  std::int64_t support = department("Support");
  auto ada = server.signed_in("ada@example.com");

  HttpResult set = patch(*admin, ada_id,
                         json::object{{"department_ids", json::array{support, billing, support}}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("department_ids"), (json::array{billing, support}));
  EXPECT_EQ(ada->get(p + "/auth/me").status, 200) << "departments are no role change";
  EXPECT_EQ(admin->get(user_path(ada_id)).json().at("department_ids"),
            (json::array{billing, support}));
  json::value listed = admin->get(p + "/admin/users?role=agent").json();
  EXPECT_EQ(listed.at("data").at(0).at("department_ids"), (json::array{billing, support}));

  HttpResult unknown =
      patch(*admin, ada_id, json::object{{"department_ids", json::array{billing, 9999}}});
  ASSERT_EQ(unknown.status, 422);
  EXPECT_EQ(error_fields(unknown), std::set<std::string>{"department_ids[1]"});
  HttpResult junk = patch(*admin, ada_id, json::object{{"department_ids", json::array{"x", 0}}});
  EXPECT_EQ(error_fields(junk), (std::set<std::string>{"department_ids[0]", "department_ids[1]"}));
  EXPECT_EQ(error_fields(patch(*admin, ada_id, json::object{{"department_ids", "x"}})),
            std::set<std::string>{"department_ids"});
  // A refused change changes nothing, fields that were fine included.
  HttpResult mixed = patch(
      *admin, ada_id, json::object{{"name", "Changed"}, {"department_ids", json::array{9999}}});
  EXPECT_EQ(mixed.status, 422);
  EXPECT_EQ(admin->get(user_path(ada_id)).json().at("name").as_string(), "Ada Lovelace");
  EXPECT_EQ(admin->get(user_path(ada_id)).json().at("department_ids"),
            (json::array{billing, support}));

  // Customers work in no department.
  EXPECT_EQ(
      error_fields(patch(*admin, cus_id, json::object{{"department_ids", json::array{billing}}})),
      std::set<std::string>{"department_ids"});
  EXPECT_EQ(patch(*admin, cus_id, json::object{{"department_ids", json::array{}}}).status, 200);

  // Deleting a department takes it off the agent's list.
  ASSERT_EQ(
      admin->request("DELETE", p + "/admin/departments/" + std::to_string(billing), "").status,
      204);
  EXPECT_EQ(admin->get(user_path(ada_id)).json().at("department_ids"), json::array{support});
  // Emptying the list, then demotion to customer, which also leaves departments.
  ASSERT_EQ(patch(*admin, ada_id, json::object{{"department_ids", json::array{}}}).status, 200);
  EXPECT_EQ(admin->get(user_path(ada_id)).json().at("department_ids"), json::array{});
  ASSERT_EQ(patch(*admin, ada_id, json::object{{"department_ids", json::array{support}}}).status,
            200);
  HttpResult demoted = patch(*admin, ada_id, json::object{{"roles", json::array{"customer"}}});
  ASSERT_EQ(demoted.status, 200);
  EXPECT_EQ(demoted.json().at("department_ids"), json::array{});
}

TEST_F(AdminUsersTest, OnlyAdminsManageUsers) {
  auto ada = server.signed_in("ada@example.com");
  auto cus = server.signed_in("cus@example.com");
  auto anonymous = server.client();
  json::object create{{"name", "X"},
                      {"email", "x@example.com"},
                      {"password", kPassword},
                      {"roles", json::array{"admin"}}};
  for (HttpClient* c : {ada.get(), cus.get(), anonymous.get()}) {
    int expected = c == anonymous.get() ? 401 : 403;
    EXPECT_EQ(c->get(p + "/admin/users").status, expected);
    EXPECT_EQ(c->get(user_path(ada_id)).status, expected);
    EXPECT_EQ(c->post_json(p + "/admin/users", create).status, expected);
    EXPECT_EQ(patch(*c, ada_id, json::object{{"roles", json::array{"admin"}}}).status, expected);
    EXPECT_EQ(patch(*c, cus_id, json::object{{"roles", json::array{"admin"}}}).status, expected);
  }
  json::value ada_now = admin->get(user_path(ada_id)).json();
  EXPECT_EQ(ada_now.at("roles"), json::array{"agent"});
  EXPECT_EQ(admin->get(user_path(cus_id)).json().at("roles"), json::array{"customer"});
  EXPECT_EQ(admin->get(p + "/admin/users").json().at("data").as_array().size(), 3u);
}

TEST_F(AdminUsersTest, EveryChangeIsAuditedWithoutSecrets) {
  std::int64_t billing = department("Billing");
  HttpResult created =
      admin->post_json(p + "/admin/users", json::object{{"name", "Audited"},
                                                        {"email", "au@example.com"},
                                                        {"password", kPassword},
                                                        {"roles", json::array{"customer"}}});
  ASSERT_EQ(created.status, 201);
  std::int64_t id = created.json().at("id").as_int64();
  ASSERT_EQ(
      patch(*admin, id,
            json::object{{"roles", json::array{"agent"}}, {"department_ids", json::array{billing}}})
          .status,
      200);
  ASSERT_EQ(patch(*admin, id, json::object{{"active", false}}).status, 200);
  ASSERT_EQ(patch(*admin, id, json::object{{"active", false}}).status, 200);  // no change

  struct AuditRow {
    std::string action, old_values, new_values;
    std::int64_t actor_id;
  };
  std::vector<AuditRow> rows;
  std::string hash;
  server.helpdesk().database().read([&](store::Connection& c) {
    hash = c.scalar("SELECT password_hash FROM users WHERE id = ?", {id})->as_text();
    store::ResultSet rs = c.query(
        "SELECT action, COALESCE(old_values, ''), COALESCE(new_values, ''), actor_id "
        "FROM audit_logs WHERE entity_type = 'user' AND entity_id = ? ORDER BY id",
        {id});
    for (const auto& r : rs.rows) rows.push_back({r.text(0), r.text(1), r.text(2), r.i64(3)});
  });
  ASSERT_FALSE(hash.empty());
  std::vector<std::string> actions;
  for (const auto& r : rows) {
    actions.push_back(r.action);
    EXPECT_EQ(r.actor_id, root_id);
    for (const std::string* text : {&r.old_values, &r.new_values}) {
      EXPECT_EQ(text->find(hash), std::string::npos) << *text;
      EXPECT_EQ(text->find("argon2"), std::string::npos) << *text;
      EXPECT_EQ(text->find(kPassword), std::string::npos) << *text;
      EXPECT_EQ(text->find("password"), std::string::npos) << *text;
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "updated", "sessions_ended", "updated",
                                               "sessions_ended"}));
  ASSERT_GE(rows.size(), 2u);
  json::value before = json::parse(rows[1].old_values);
  json::value after = json::parse(rows[1].new_values);
  EXPECT_EQ(before.at("roles"), json::array{"customer"});
  EXPECT_EQ(after.at("roles"), json::array{"agent"});
  EXPECT_EQ(before.at("department_ids"), json::array{});
  EXPECT_EQ(after.at("department_ids"), json::array{billing});
  EXPECT_TRUE(json::parse(rows[3].old_values).at("active").as_bool());
  EXPECT_FALSE(json::parse(rows[3].new_values).at("active").as_bool());
}

// Issue 13, item 1: user.manage does not reach a user who holds more.
TEST_F(AdminUsersTest, NoOneChangesAUserWhoHoldsMoreThanThey) {
  HttpResult role = admin->post_json(
      p + "/admin/roles",
      json::object{{"name", "User keepers"},
                   {"slug", "user_keeper"},
                   {"permissions", json::array{"user.view", "user.manage", "kb.view"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  server.add_user("Kee", "kee@example.com", "user_keeper");
  auto keeper = server.signed_in("kee@example.com");
  // Not the admin, not the agent: no renaming, deactivating or re-roling.
  for (std::int64_t id : {root_id, ada_id}) {
    for (const json::object& body :
         {json::object{{"active", false}}, json::object{{"name", "Owned"}},
          json::object{{"roles", json::array{"customer"}}}}) {
      HttpResult r = patch(*keeper, id, body);
      EXPECT_EQ(r.status, 403) << id << " " << json::serialize(body) << " " << r.body;
    }
  }
  json::value root_now = admin->get(user_path(root_id)).json();
  EXPECT_EQ(root_now.at("active"), true);
  EXPECT_EQ(root_now.at("name"), "Root");
  EXPECT_EQ(admin->get(user_path(ada_id)).json().at("roles"), json::array{"agent"});
  // A customer holds nothing the keeper lacks.
  HttpResult renamed = patch(*keeper, cus_id, json::object{{"name", "Cus Renamed"}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
}

}  // namespace
}  // namespace escalated::testing
