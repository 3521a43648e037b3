// API tokens: made by admins, shown once, stored hashed, accepted as Bearer
// on JSON routes without CSRF, narrowed by abilities (never widened beyond the
// owner's role), refused at once when malformed, unknown, expired or revoked.
#include <gtest/gtest.h>

#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class ApiTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_id = server.add_user("Admin", "admin@example.com", "admin");
    agent_id = server.add_user("Ada", "ada@example.com", "agent");
    customer_id = server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  // Creates a token; returns the whole answer.
  json::object make(json::array abilities, std::optional<std::int64_t> user = std::nullopt,
                    json::value expires = nullptr) {
    json::object body{
        {"name", "integration"}, {"abilities", abilities}, {"expires_in_days", expires}};
    if (user) body["user_id"] = *user;
    HttpResult r = admin->post_json(p + "/admin/api-tokens", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }
  std::map<std::string, std::string> bearer(const json::object& token) {
    return {{"Authorization", "Bearer " + std::string(token.at("token").as_string())}};
  }
  HttpResult get(const std::string& path, const std::map<std::string, std::string>& headers) {
    return server.client()->get(p + path, headers);
  }
  HttpResult post(const std::string& path, const json::object& body,
                  std::map<std::string, std::string> headers) {
    headers["Content-Type"] = "application/json";
    return server.client()->post(p + path, json::serialize(body), headers);
  }

  TestServer server;
  std::string p = server.prefix();
  std::int64_t admin_id = 0, agent_id = 0, customer_id = 0;
  std::unique_ptr<HttpClient> admin;
};

TEST_F(ApiTokensTest, MembersOfTheWrongTypeNameTheField) {
  auto fields_of = [&](const json::object& body) {
    HttpResult r = admin->post_json(p + "/admin/api-tokens", body);
    EXPECT_EQ(r.status, 422) << r.body;
    return error_fields(r);
  };
  using Fields = std::set<std::string>;
  EXPECT_EQ(fields_of({{"name", "x"},
                       {"abilities", json::array{"tickets:read", 5}},
                       {"expires_in_days", "30"}}),
            (Fields{"abilities[1]", "expires_in_days"}));
  EXPECT_EQ(fields_of({{"name", "x"}, {"abilities", "admin"}, {"expires_in_days", 1.5}}),
            (Fields{"abilities", "expires_in_days"}));
  EXPECT_EQ(fields_of({{"name", "x"}}), Fields{"abilities"});
  EXPECT_EQ(fields_of({{"name", "x"}, {"abilities", json::array{"admin"}}, {"expires_in_days", 0}}),
            Fields{"expires_in_days"});
  EXPECT_EQ(admin->get(p + "/admin/api-tokens").json().at("data").as_array().size(), 0u);
}

TEST_F(ApiTokensTest, ShownOnceListedWithoutTheSecret) {
  json::object token = make({"tickets:read"}, agent_id);
  std::string secret(token.at("token").as_string());
  EXPECT_EQ(secret.rfind("esc_", 0), 0u);
  EXPECT_GE(secret.size(), 4u + 43u);  // 32 random bytes, base64url
  EXPECT_EQ(token.at("user").at("id").as_int64(), agent_id);
  EXPECT_EQ(token.at("prefix"), json::value(secret.substr(0, 8)));
  EXPECT_TRUE(token.at("last_used_at").is_null());
  HttpResult list = admin->get(p + "/admin/api-tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_FALSE(list.json().at("data").at(0).as_object().contains("token"));
  // Only admins manage tokens.
  auto agent = server.signed_in("ada@example.com");
  EXPECT_EQ(agent->get(p + "/admin/api-tokens").status, 403);
}

TEST_F(ApiTokensTest, BearerActsAsTheOwnerWithoutCsrf) {
  json::object reader = make({"tickets:read"}, agent_id);
  json::object writer = make({"tickets:write"}, customer_id);
  // The customer's token opens a ticket with no cookie and no CSRF token.
  HttpResult created = post(
      "/tickets", {{"subject", "API ticket"}, {"description", "from a script"}}, bearer(writer));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("requester").at("id").as_int64(), customer_id);
  std::string id = std::to_string(created.json().at("id").as_int64());
  // The agent's read token sees the queue and the ticket, and cannot write.
  HttpResult queue = get("/agent/tickets", bearer(reader));
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_EQ(queue.json().at("data").as_array().size(), 1u);
  EXPECT_EQ(get("/agent/tickets/" + id, bearer(reader)).status, 200);
  HttpResult refused = post("/agent/tickets/" + id + "/reply", {{"body", "hi"}}, bearer(reader));
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("tickets:write"), std::string::npos);
  // Writing includes reading.
  EXPECT_EQ(get("/tickets", bearer(writer)).status, 200);
  EXPECT_EQ(get("/auth/me", bearer(writer)).json().at("user").at("id").as_int64(), customer_id);
}

TEST_F(ApiTokensTest, AbilitiesNarrowTheRoleButNeverWidenIt) {
  json::object agent_everything = make({"*"}, agent_id);
  EXPECT_EQ(get("/agent/tickets", bearer(agent_everything)).status, 200);
  // The agent's role may not change departments, whatever the token says.
  EXPECT_EQ(post("/admin/departments", {{"name", "Sales"}}, bearer(agent_everything)).status, 403);
  json::object admin_tickets = make({"tickets:read", "tickets:write"});
  EXPECT_EQ(get("/admin/departments", bearer(admin_tickets)).status, 403);
  json::object admin_admin = make({"admin"});
  EXPECT_EQ(post("/admin/departments", {{"name", "Sales"}}, bearer(admin_admin)).status, 201);
  EXPECT_EQ(get("/agent/tickets", bearer(admin_admin)).status, 403);
  // Account routes are not for tokens.
  EXPECT_EQ(post("/auth/password", {{"current_password", "x"}, {"new_password", "y"}},
                 bearer(agent_everything))
                .status,
            403);
}

TEST_F(ApiTokensTest, BadTokensAre401AtOnce) {
  for (const char* value : {"Bearer nonsense", "Bearer esc_",
                            "bearer esc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    HttpResult r = get("/agent/tickets", {{"Authorization", value}});
    EXPECT_EQ(r.status, 401) << value;
    EXPECT_NE(r.header("www-authenticate").find("Bearer"), std::string::npos);
  }
  // Even on a route that needs no sign-in, a bad credential is reported.
  EXPECT_EQ(post("/auth/login", {{"email", "a@b.c"}, {"password", "x"}},
                 {{"Authorization", "Bearer esc_wrong"}})
                .status,
            401);
  // Revoked: the next request fails.
  json::object token = make({"*"}, agent_id);
  EXPECT_EQ(get("/agent/tickets", bearer(token)).status, 200);
  std::string id = std::to_string(token.at("id").as_int64());
  EXPECT_EQ(admin->request("DELETE", p + "/admin/api-tokens/" + id, "").status, 204);
  EXPECT_EQ(get("/agent/tickets", bearer(token)).status, 401);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/api-tokens/" + id, "").status, 404);
}

TEST_F(ApiTokensTest, ExpiryAndLastUsedFollowTheClock) {
  json::object token = make({"tickets:read"}, agent_id, 1);
  EXPECT_EQ(token.at("expires_at"), "2026-03-03T10:00:00Z");
  auto last_used = [&] {
    return admin->get(p + "/admin/api-tokens").json().at("data").at(0).at("last_used_at");
  };
  EXPECT_EQ(get("/agent/tickets", bearer(token)).status, 200);
  EXPECT_EQ(last_used(), "2026-03-02T10:00:00Z");
  // Written at most once a minute.
  server.advance_clock(59);
  EXPECT_EQ(get("/agent/tickets", bearer(token)).status, 200);
  EXPECT_EQ(last_used(), "2026-03-02T10:00:00Z");
  server.advance_clock(1);
  EXPECT_EQ(get("/agent/tickets", bearer(token)).status, 200);
  EXPECT_EQ(last_used(), "2026-03-02T10:01:00Z");
  // A day after creation it has expired.
  server.set_clock("2026-03-03T10:00:00Z");
  admin = server.signed_in("admin@example.com");
  EXPECT_EQ(get("/agent/tickets", bearer(token)).status, 401);
}

TEST_F(ApiTokensTest, InvalidRequestsNameTheField) {
  HttpResult r = admin->post_json(p + "/admin/api-tokens",
                                  json::object{{"name", "x"},
                                               {"abilities", json::array{"tickets:read", "root"}},
                                               {"expires_in_days", 0}});
  ASSERT_EQ(r.status, 422) << r.body;
  auto errors = r.json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("abilities[1]")) << r.body;
  EXPECT_TRUE(errors.contains("expires_in_days")) << r.body;
  r = admin->post_json(
      p + "/admin/api-tokens",
      json::object{{"name", "x"}, {"abilities", json::array{"*"}}, {"user_id", 999}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(r.json().at("errors").as_object().contains("user_id")) << r.body;
}

// Issue 13, item 1: api_token.manage alone once minted an admin's "*" token.
TEST_F(ApiTokensTest, MintingNeverWidensTheCallersPrivileges) {
  HttpResult role =
      admin->post_json(p + "/admin/roles",
                       json::object{{"name", "Token keepers"},
                                    {"slug", "token_keeper"},
                                    {"permissions", json::array{"api_token.manage", "kb.view"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  std::int64_t keeper_id = server.add_user("Kee", "kee@example.com", "token_keeper");
  auto keeper = server.signed_in("kee@example.com");
  auto mint = [&](HttpClient& as, json::array abilities, std::optional<std::int64_t> user) {
    json::object body{{"name", "x"}, {"abilities", abilities}};
    if (user) body["user_id"] = *user;
    return as.post_json(p + "/admin/api-tokens", body);
  };
  // Not for a user who holds more than the caller: the admin, the agent.
  HttpResult refused = mint(*keeper, {"*"}, admin_id);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("user_id"), std::string::npos) << refused.body;
  EXPECT_EQ(mint(*keeper, {"tickets:read"}, agent_id).status, 403);
  EXPECT_EQ(admin->get(p + "/admin/api-tokens").json().at("data").as_array().size(), 0u);
  // For themselves, or a user holding no more than they do, it works.
  EXPECT_EQ(mint(*keeper, {"*"}, keeper_id).status, 201);
  EXPECT_EQ(mint(*keeper, {"tickets:write"}, customer_id).status, 201);

  // A token never mints more abilities than its own: "admin" cannot make "*".
  json::object admin_token = make({"admin"});
  HttpResult wider = post("/admin/api-tokens", {{"name", "wider"}, {"abilities", json::array{"*"}}},
                          bearer(admin_token));
  EXPECT_EQ(wider.status, 403) << wider.body;
  EXPECT_NE(wider.body.find("abilities[0]"), std::string::npos) << wider.body;
  EXPECT_EQ(post("/admin/api-tokens",
                 {{"name", "w"}, {"abilities", json::array{"admin", "tickets:write"}}},
                 bearer(admin_token))
                .status,
            403);
  HttpResult same =
      post("/admin/api-tokens", {{"name", "same"}, {"abilities", json::array{"admin"}}},
           bearer(admin_token));
  EXPECT_EQ(same.status, 201) << same.body;
  // An admin's "admin" token lacks ticket permissions, so it cannot mint for
  // the agent (who holds them) either.
  EXPECT_EQ(post("/admin/api-tokens",
                 {{"name", "a"}, {"abilities", json::array{"admin"}}, {"user_id", agent_id}},
                 bearer(admin_token))
                .status,
            403);
  // The admin's session has every ability.
  EXPECT_EQ(mint(*admin, {"*"}, agent_id).status, 201);
}

}  // namespace
}  // namespace escalated::testing
