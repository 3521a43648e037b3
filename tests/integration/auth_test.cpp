// Sign-in, sessions, CSRF and registration, through HTTP.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "services/access/account_service.h"
#include "store/database.h"
#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class AuthTest : public ::testing::Test {
 protected:
  TestServer server;
  std::string p = server.prefix();
};

TEST_F(AuthTest, LoginReturnsUserCsrfTokenAndAnHttpOnlySessionCookie) {
  server.add_user("Ada Agent", "ada@example.com", "agent");
  auto c = server.client();
  HttpResult r = c->post_json(
      p + "/auth/login",
      json::object{{"email", "ADA@example.com"}, {"password", "correct horse battery"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json::value body = r.json();
  EXPECT_EQ(body.at("user").at("email").as_string(), "ada@example.com");
  EXPECT_EQ(body.at("user").at("role").as_string(), "agent");
  EXPECT_GE(body.at("csrf_token").as_string().size(), 20u);
  std::string cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("escalated_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP must not set Secure";
  EXPECT_EQ(body.at("user").as_object().count("password_hash"), 0u);
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserAreTheSame401) {
  server.add_user("Ada", "ada@example.com", "agent");
  auto c = server.client();
  HttpResult wrong = c->post_json(p + "/auth/login", json::object{{"email", "ada@example.com"},
                                                                  {"password", "nope nope nope"}});
  HttpResult unknown =
      c->post_json(p + "/auth/login",
                   json::object{{"email", "who@example.com"}, {"password", "nope nope nope"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json().at("detail"), unknown.json().at("detail"));
  EXPECT_EQ(wrong.header("content-type"), "application/problem+json");
  EXPECT_TRUE(wrong.header("set-cookie").empty());
}

TEST_F(AuthTest, LoginNeedsEmailAndPassword) {
  auto c = server.client();
  HttpResult r = c->post_json(p + "/auth/login", json::object{});
  ASSERT_EQ(r.status, 422);
  EXPECT_TRUE(r.json().at("errors").as_object().contains("email"));
  EXPECT_TRUE(r.json().at("errors").as_object().contains("password"));
  HttpResult typed = c->post_json(p + "/auth/login", json::object{{"email", 5}, {"password", "x"}});
  ASSERT_EQ(typed.status, 422);
  EXPECT_EQ(typed.json().at("errors").at("email"), json::array{"must be a string"})
      << "one message for one mistake";
}

TEST_F(AuthTest, MeNeedsASessionAndLogoutEndsIt) {
  server.add_user("Cus", "cus@example.com", "customer");
  auto anonymous = server.client();
  EXPECT_EQ(anonymous->get(p + "/auth/me").status, 401);
  auto c = server.signed_in("cus@example.com");
  HttpResult me = c->get(p + "/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("user").at("name").as_string(), "Cus");
  EXPECT_EQ(c->post(p + "/auth/logout", "{}").status, 204);
  EXPECT_EQ(c->get(p + "/auth/me").status, 401);
}

TEST_F(AuthTest, CookieAuthenticatedWritesNeedTheCsrfToken) {
  server.add_user("Cus", "cus@example.com", "customer");
  auto c = server.signed_in("cus@example.com");
  json::object ticket{{"subject", "Help"}, {"description", "Please"}};
  c->set_csrf_token("");
  HttpResult missing = c->post_json(p + "/tickets", ticket);
  EXPECT_EQ(missing.status, 403);
  c->set_csrf_token("not-the-token");
  EXPECT_EQ(c->post_json(p + "/tickets", ticket).status, 403);
  // Nothing was written by the refused requests.
  auto fresh = server.signed_in("cus@example.com");
  EXPECT_EQ(fresh->get(p + "/tickets").json().at("data").as_array().size(), 0u);
  EXPECT_EQ(fresh->post_json(p + "/tickets", ticket).status, 201);
}

TEST_F(AuthTest, SessionsExpireByTheClock) {
  server.add_user("Cus", "cus@example.com", "customer");
  auto c = server.signed_in("cus@example.com");
  ASSERT_EQ(c->get(p + "/auth/me").status, 200);
  server.helpdesk().manual_clock()->advance(int64_t{15} * 24 * 3600 * 1000);
  EXPECT_EQ(c->get(p + "/auth/me").status, 401);
}

TEST_F(AuthTest, RegisterCreatesACustomerAndSignsIn) {
  auto c = server.client();
  HttpResult r = c->post_json(p + "/auth/register", json::object{{"name", "New Person"},
                                                                 {"email", "new@example.com"},
                                                                 {"password", "long enough pw"},
                                                                 {"role", "admin"}});
  // role is not the caller's to choose: a member the form does not have.
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::set<std::string>{"role"});
  r = c->post_json(p + "/auth/register", json::object{{"name", "New Person"},
                                                      {"email", "new@example.com"},
                                                      {"password", "long enough pw"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("user").at("role").as_string(), "customer")
      << "role is not the caller's to choose";
  c->set_csrf_token(std::string(r.json().at("csrf_token").as_string()));
  EXPECT_EQ(c->get(p + "/auth/me").status, 200);
  EXPECT_EQ(c->get(p + "/agent/tickets").status, 403);
}

TEST_F(AuthTest, RegisterValidatesEveryField) {
  server.add_user("Taken", "taken@example.com", "customer");
  auto c = server.client();
  HttpResult r =
      c->post_json(p + "/auth/register",
                   json::object{{"name", ""}, {"email", "not-an-email"}, {"password", "short"}});
  ASSERT_EQ(r.status, 422);
  auto errors = r.json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("name"));
  EXPECT_TRUE(errors.contains("email"));
  EXPECT_TRUE(errors.contains("password"));
  HttpResult taken = c->post_json(
      p + "/auth/register",
      json::object{{"name", "X"}, {"email", "Taken@Example.com"}, {"password", "long enough pw"}});
  ASSERT_EQ(taken.status, 422);
  EXPECT_TRUE(taken.json().at("errors").as_object().contains("email"));
  HttpResult wrong_type =
      c->post_json(p + "/auth/register",
                   json::object{{"name", 5}, {"email", "a@b.co"}, {"password", "long enough pw"}});
  ASSERT_EQ(wrong_type.status, 422);
  EXPECT_TRUE(wrong_type.json().at("errors").as_object().contains("name"));
}

TEST(AuthSettings, RegistrationCanBeTurnedOff) {
  TestServer server([](Options& o) { o.allow_registration = false; });
  auto c = server.client();
  HttpResult r = c->post_json(
      server.prefix() + "/auth/register",
      json::object{{"name", "N"}, {"email", "n@example.com"}, {"password", "long enough pw"}});
  EXPECT_EQ(r.status, 403);
}

TEST(AuthSettings, SecureCookiesWhenConfigured) {
  TestServer server([](Options& o) { o.secure_cookies = true; });
  server.add_user("Cus", "cus@example.com", "customer");
  auto c = server.client();
  HttpResult r = c->login(server.prefix(), "cus@example.com", "correct horse battery");
  EXPECT_NE(r.header("set-cookie").find("; Secure"), std::string::npos);
}

TEST_F(AuthTest, DeactivatedUsersCannotSignIn) {
  std::int64_t id = server.add_user("Gone", "gone@example.com", "agent");
  auto c = server.signed_in("gone@example.com");
  server.helpdesk().database().write([&](store::Connection& conn) {
    conn.execute("UPDATE users SET active = 0 WHERE id = ?", {id});
  });
  EXPECT_EQ(c->get(p + "/auth/me").status, 401) << "an existing session ends with the account";
  EXPECT_EQ(server.client()->login(p, "gone@example.com", "correct horse battery").status, 401);
}

TEST(EmbeddedIdentity, HostUsersMayShareAnEmailWithALocalAccount) {
  TestServer server;
  server.add_user("Bob Local", "bob@example.com", "customer");
  server.helpdesk().set_identity_resolver([](const Request& r) -> std::optional<Principal> {
    if (r.header("X-Host-User")) return Principal{"host-7", "Bob Host", "Bob@Example.com", "agent"};
    return std::nullopt;
  });
  auto c = server.client();
  EXPECT_EQ(c->get(server.prefix() + "/agent/tickets").status, 401);
  HttpResult r = c->get(server.prefix() + "/agent/tickets", {{"X-Host-User", "7"}});
  EXPECT_EQ(r.status, 200) << r.body;
  HttpResult me = c->get(server.prefix() + "/auth/me", {{"X-Host-User", "7"}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("user").at("name").as_string(), "Bob Host");
  EXPECT_EQ(me.json().at("user").at("role").as_string(), "agent");
  // The helpdesk's own sign-in routes do not exist while the host identifies users.
  EXPECT_EQ(c->post_json(server.prefix() + "/auth/login",
                         boost::json::object{{"email", "bob@example.com"},
                                             {"password", "correct horse battery"}})
                .status,
            404);
  // The local account still signs in with its password, as itself.
  auto local = server.helpdesk().accounts().login("bob@example.com", "correct horse battery");
  EXPECT_EQ(local.user.name, "Bob Local");
}

TEST(ChangePassword, ChecksTheCurrentPasswordAndEndsOtherSessions) {
  TestServer server;
  server.add_user("Ada", "ada@example.com", "agent");
  std::string p = server.prefix();
  auto laptop = server.signed_in("ada@example.com");
  auto phone = server.signed_in("ada@example.com");
  namespace json = boost::json;
  HttpResult wrong = laptop->post_json(
      p + "/auth/password", json::object{{"current_password", "guess"}, {"new_password", "short"}});
  ASSERT_EQ(wrong.status, 422);
  auto errors = wrong.json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("current_password"));
  EXPECT_TRUE(errors.contains("new_password"));
  EXPECT_EQ(phone->get(p + "/auth/me").status, 200) << "a refused change ends nothing";

  HttpResult ok = laptop->post_json(p + "/auth/password",
                                    json::object{{"current_password", "correct horse battery"},
                                                 {"new_password", "a brand new secret"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  laptop->set_csrf_token(std::string(ok.json().at("csrf_token").as_string()));
  EXPECT_EQ(laptop->get(p + "/auth/me").status, 200) << "the changing browser gets a new session";
  EXPECT_EQ(phone->get(p + "/auth/me").status, 401) << "other sessions end";
  EXPECT_EQ(server.client()->login(p, "ada@example.com", "correct horse battery").status, 401);
  EXPECT_EQ(server.client()->login(p, "ada@example.com", "a brand new secret").status, 200);
}

// Issue 13, item 9: a cross-site form (enctype="text/plain") could post JSON.
TEST_F(AuthTest, PublicPostsTakeOnlyJson) {
  server.add_user("Ada", "ada@example.com", "agent");
  const std::string login = R"({"email":"ada@example.com","password":"correct horse battery"})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonx"}) {
    for (const char* route : {"/auth/login", "/auth/register", "/auth/logout",
                              "/auth/password/forgot", "/auth/password/reset"}) {
      HttpResult r = server.client()->post(p + route, login, {{"Content-Type", type}});
      EXPECT_EQ(r.status, 415) << route << " as " << type << ": " << r.body;
      EXPECT_EQ(r.header("content-type"), "application/problem+json");
    }
  }
  // No session came of it; JSON (with parameters, any case) still works.
  HttpResult json_login = server.client()->post(
      p + "/auth/login", login, {{"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(json_login.status, 200) << json_login.body;
  // An empty form (what a cross-site <form> with no fields posts) is refused
  // too; the web UI signs out with a JSON body.
  auto c = server.signed_in("ada@example.com");
  EXPECT_EQ(c->post(p + "/auth/logout", "").status, 415);
  EXPECT_EQ(c->post(p + "/auth/logout", "{}").status, 204);
}

}  // namespace
}  // namespace escalated::testing
