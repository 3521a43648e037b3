// Two-factor sign-in (TOTP and recovery codes), through HTTP and the test
// clock. Codes are computed here from the secret setup returns, the way an
// authenticator app would.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/time_format.h"
#include "security/totp.h"
#include "store/database.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "correct horse battery";
// Ten seconds into a 30-second step, so "this window" is unambiguous.
constexpr const char* kStart = "2026-03-02T10:00:10Z";

struct Enabled {
  std::string secret;
  std::vector<std::string> recovery_codes;
};

class TwoFactorTest : public ::testing::Test {
 protected:
  TestServer server;
  std::string p = server.prefix();
  core::Millis now = 0;

  void SetUp() override {
    server.add_user("Ada Agent", "ada@example.com", "agent");
    set_now(*core::parse_rfc3339(kStart));
  }

  void set_now(core::Millis t) {
    HttpResult r = server.client()->post_json(p + "/_test/clock",
                                              json::object{{"now", core::format_rfc3339(t)}});
    ASSERT_EQ(r.status, 200) << r.body;
    now = t;
  }
  void advance(int seconds) {
    HttpResult r =
        server.client()->post_json(p + "/_test/clock", json::object{{"advance_seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
    now += std::int64_t{seconds} * 1000;
  }

  // What the authenticator shows `steps` steps from now.
  std::string code(const std::string& secret, int steps = 0) const {
    std::string key;
    EXPECT_TRUE(security::base32_decode(secret, key));
    return security::totp_code_at(key, now + steps * security::kTotpStepMillis);
  }

  // POST /auth/login with whatever extra fields the test gives.
  HttpResult login(HttpClient& c, json::object extra = {},
                   const std::string& password = kPassword) {
    json::object body{{"email", "ada@example.com"}, {"password", password}};
    for (const auto& f : extra) body[f.key()] = f.value();
    HttpResult r = c.post_json(p + "/auth/login", body);
    if (r.status == 200 && r.json().as_object().contains("csrf_token"))
      c.set_csrf_token(std::string(r.json().at("csrf_token").as_string()));
    return r;
  }

  // Sets up and confirms two-factor sign-in on `c`'s account at the current
  // step; `c` keeps working with the session the confirmation hands out.
  Enabled enable(HttpClient& c) {
    HttpResult setup = c.post(p + "/auth/2fa/setup", "");
    EXPECT_EQ(setup.status, 200) << setup.body;
    Enabled out;
    out.secret = std::string(setup.json().at("secret").as_string());
    HttpResult confirm =
        c.post_json(p + "/auth/2fa/confirm", json::object{{"code", code(out.secret)}});
    EXPECT_EQ(confirm.status, 200) << confirm.body;
    if (confirm.status != 200) return out;
    c.set_csrf_token(std::string(confirm.json().at("csrf_token").as_string()));
    json::value body = confirm.json();
    for (const auto& rc : body.at("recovery_codes").as_array())
      out.recovery_codes.emplace_back(rc.as_string());
    return out;
  }

  bool two_factor_enabled(HttpClient& c) {
    HttpResult me = c.get(p + "/auth/me");
    EXPECT_EQ(me.status, 200) << me.body;
    return me.json().at("user").at("two_factor_enabled").as_bool();
  }
};

TEST_F(TwoFactorTest, SetupConfirmAndSignInWithACodeOncePerWindow) {
  auto c = server.signed_in("ada@example.com");
  EXPECT_FALSE(two_factor_enabled(*c));

  HttpResult setup = c->post(p + "/auth/2fa/setup", "");
  ASSERT_EQ(setup.status, 200) << setup.body;
  std::string secret(setup.json().at("secret").as_string());
  std::string uri(setup.json().at("otpauth_uri").as_string());
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(uri.rfind("otpauth://totp/", 0), 0u) << uri;
  EXPECT_NE(uri.find("secret=" + secret), std::string::npos) << uri;
  EXPECT_NE(uri.find("ada%40example.com"), std::string::npos) << uri;
  EXPECT_FALSE(two_factor_enabled(*c)) << "a pending setup is not on yet";
  EXPECT_EQ(login(*server.client()).json().as_object().count("two_factor_required"), 0u)
      << "a pending setup does not change sign-in";

  HttpResult wrong = c->post_json(p + "/auth/2fa/confirm", json::object{{"code", "000000"}});
  if (code(secret) != "000000") {
    ASSERT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_TRUE(wrong.json().at("errors").as_object().contains("code"));
  }
  HttpResult confirm = c->post_json(p + "/auth/2fa/confirm", json::object{{"code", code(secret)}});
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  auto codes = confirm.json().at("recovery_codes").as_array();
  EXPECT_EQ(codes.size(), 8u);
  std::set<std::string> distinct;
  for (const auto& rc : codes) distinct.emplace(rc.as_string());
  EXPECT_EQ(distinct.size(), 8u);
  EXPECT_NE(confirm.header("set-cookie").find("escalated_session="), std::string::npos)
      << "enabling rotates the session";
  c->set_csrf_token(std::string(confirm.json().at("csrf_token").as_string()));
  EXPECT_TRUE(two_factor_enabled(*c));

  // The password alone no longer signs in.
  auto b = server.client();
  HttpResult half = login(*b);
  ASSERT_EQ(half.status, 200) << half.body;
  EXPECT_EQ(half.json(), (json::value{{"two_factor_required", true}}));
  EXPECT_TRUE(half.header("set-cookie").empty()) << "no session before the second factor";
  EXPECT_EQ(b->get(p + "/auth/me").status, 401);

  // The code that confirmed the setup was used in this window already.
  EXPECT_EQ(login(*b, {{"totp_code", code(secret)}}).status, 401);

  advance(30);
  std::string next = code(secret);
  HttpResult full = login(*b, {{"totp_code", next}});
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_NE(full.header("set-cookie").find("escalated_session="), std::string::npos);
  EXPECT_EQ(full.json().at("user").at("email").as_string(), "ada@example.com");
  EXPECT_EQ(b->get(p + "/auth/me").status, 200);

  HttpResult replay = server.client()->post_json(
      p + "/auth/login",
      json::object{{"email", "ada@example.com"}, {"password", kPassword}, {"totp_code", next}});
  EXPECT_EQ(replay.status, 401) << "the same code in the same window is refused";
  EXPECT_TRUE(replay.header("set-cookie").empty());

  advance(30);
  EXPECT_EQ(login(*server.client(), {{"totp_code", code(secret)}}).status, 200)
      << "the next window's code works";
}

TEST_F(TwoFactorTest, AWrongCodeIsThe401OfAWrongPassword) {
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  advance(30);
  std::string right = code(e.secret);
  std::string wrong_code = right == "123456" ? "654321" : "123456";

  HttpResult wrong_password = login(*server.client(), {{"totp_code", right}}, "not the password");
  HttpResult wrong = login(*server.client(), {{"totp_code", wrong_code}});
  HttpResult garbage = login(*server.client(), {{"totp_code", "abc"}});
  HttpResult wrong_recovery = login(*server.client(), {{"recovery_code", "aaaaa-bbbbb"}});
  for (const HttpResult* r : {&wrong_password, &wrong, &garbage, &wrong_recovery}) {
    EXPECT_EQ(r->status, 401) << r->body;
    EXPECT_EQ(r->header("content-type"), "application/problem+json");
    EXPECT_TRUE(r->header("set-cookie").empty());
    EXPECT_EQ(r->json().at("status"), wrong_password.json().at("status"));
    EXPECT_EQ(r->json().at("title"), wrong_password.json().at("title"));
  }
  EXPECT_EQ(login(*server.client(), {{"totp_code", right}}).status, 200)
      << "refused attempts did not use up the code";
}

TEST_F(TwoFactorTest, OneStepEitherSideIsAcceptedTwoAreNot) {
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  advance(150);  // five steps on: the confirmation's step is far behind
  EXPECT_EQ(login(*server.client(), {{"totp_code", code(e.secret, -2)}}).status, 401);
  EXPECT_EQ(login(*server.client(), {{"totp_code", code(e.secret, 2)}}).status, 401);
  EXPECT_EQ(login(*server.client(), {{"totp_code", code(e.secret, -1)}}).status, 200);
  EXPECT_EQ(login(*server.client(), {{"totp_code", code(e.secret, 1)}}).status, 200);
  // Once a later step was used, earlier codes of the window are spent too.
  EXPECT_EQ(login(*server.client(), {{"totp_code", code(e.secret, 0)}}).status, 401);
}

TEST_F(TwoFactorTest, ARecoveryCodeWorksOnceInAnyTypedForm) {
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  ASSERT_EQ(e.recovery_codes.size(), 8u);
  EXPECT_EQ(login(*server.client(), {{"recovery_code", e.recovery_codes[0]}}).status, 200);
  EXPECT_EQ(login(*server.client(), {{"recovery_code", e.recovery_codes[0]}}).status, 401)
      << "a used recovery code never works again";
  advance(3600);
  EXPECT_EQ(login(*server.client(), {{"recovery_code", e.recovery_codes[0]}}).status, 401);

  // People type codes in capitals and without the hyphen.
  std::string typed = e.recovery_codes[1];
  typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
  std::transform(typed.begin(), typed.end(), typed.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  EXPECT_EQ(login(*server.client(), {{"recovery_code", typed}}).status, 200);
  EXPECT_EQ(login(*server.client(), {{"recovery_code", e.recovery_codes[1]}}).status, 401);
}

TEST_F(TwoFactorTest, OneCodeUsedByTwoConcurrentSignInsWinsOnce) {
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  advance(30);
  for (int round = 0; round < 3; ++round) {
    std::string shared = code(e.secret);
    std::vector<long> statuses(4);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < statuses.size(); ++i) {
      threads.emplace_back([&, i] {
        HttpClient client(server.base_url());
        statuses[i] = client
                          .post_json(p + "/auth/login", json::object{{"email", "ada@example.com"},
                                                                     {"password", kPassword},
                                                                     {"totp_code", shared}})
                          .status;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1) << "round " << round;
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 3) << "round " << round;
    advance(30);
  }
}

TEST_F(TwoFactorTest, DisableNeedsThePasswordAndACode) {
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  advance(30);

  HttpResult empty = c->post_json(p + "/auth/2fa/disable", json::object{});
  ASSERT_EQ(empty.status, 422);
  EXPECT_TRUE(empty.json().at("errors").as_object().contains("password"));
  EXPECT_TRUE(empty.json().at("errors").as_object().contains("code"));

  HttpResult bad_password = c->post_json(
      p + "/auth/2fa/disable", json::object{{"password", "guess"}, {"code", code(e.secret)}});
  ASSERT_EQ(bad_password.status, 422) << bad_password.body;
  EXPECT_TRUE(bad_password.json().at("errors").as_object().contains("password"));

  HttpResult bad_code = c->post_json(p + "/auth/2fa/disable",
                                     json::object{{"password", kPassword}, {"code", "12345"}});
  ASSERT_EQ(bad_code.status, 422) << bad_code.body;
  EXPECT_TRUE(bad_code.json().at("errors").as_object().contains("code"));
  EXPECT_TRUE(two_factor_enabled(*c)) << "refused attempts change nothing";

  HttpResult ok = c->post_json(p + "/auth/2fa/disable",
                               json::object{{"password", kPassword}, {"code", code(e.secret)}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  c->set_csrf_token(std::string(ok.json().at("csrf_token").as_string()));
  EXPECT_FALSE(two_factor_enabled(*c));

  // The password alone signs in again, and the old codes are gone.
  HttpResult plain = login(*server.client());
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_TRUE(plain.json().as_object().contains("csrf_token"));
  EXPECT_EQ(c->post_json(p + "/auth/2fa/disable",
                         json::object{{"password", kPassword}, {"code", e.recovery_codes[0]}})
                .status,
            409)
      << "nothing to turn off";

  // Turned on again: new secret, new codes; a recovery code can turn it off.
  advance(30);
  Enabled again = enable(*c);
  EXPECT_NE(again.secret, e.secret);
  EXPECT_EQ(c->post_json(p + "/auth/2fa/disable",
                         json::object{{"password", kPassword}, {"code", e.recovery_codes[0]}})
                .status,
            422)
      << "recovery codes of the earlier setup died with it";
  HttpResult by_recovery =
      c->post_json(p + "/auth/2fa/disable",
                   json::object{{"password", kPassword}, {"code", again.recovery_codes[3]}});
  ASSERT_EQ(by_recovery.status, 200) << by_recovery.body;
  c->set_csrf_token(std::string(by_recovery.json().at("csrf_token").as_string()));
  EXPECT_FALSE(two_factor_enabled(*c));
}

TEST_F(TwoFactorTest, TurningItOnOrOffEndsTheOtherSessions) {
  auto laptop = server.signed_in("ada@example.com");
  auto phone = server.signed_in("ada@example.com");
  Enabled e = enable(*laptop);
  EXPECT_EQ(phone->get(p + "/auth/me").status, 401) << "enabling ends other sessions";
  EXPECT_EQ(laptop->get(p + "/auth/me").status, 200) << "the enabling browser keeps working";
  EXPECT_EQ(laptop->post(p + "/auth/2fa/setup", "").status, 409)
      << "with the new CSRF token, and setting up again is refused while on";

  advance(30);
  auto tablet = server.client();
  ASSERT_EQ(login(*tablet, {{"totp_code", code(e.secret)}}).status, 200);
  ASSERT_EQ(tablet->get(p + "/auth/me").status, 200);
  advance(30);
  HttpResult off = laptop->post_json(
      p + "/auth/2fa/disable", json::object{{"password", kPassword}, {"code", code(e.secret)}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_NE(off.header("set-cookie").find("escalated_session="), std::string::npos);
  laptop->set_csrf_token(std::string(off.json().at("csrf_token").as_string()));
  EXPECT_EQ(tablet->get(p + "/auth/me").status, 401) << "disabling ends other sessions";
  EXPECT_EQ(laptop->get(p + "/auth/me").status, 200);
}

TEST_F(TwoFactorTest, ASecondSetupReplacesAPendingOne) {
  auto c = server.signed_in("ada@example.com");
  EXPECT_EQ(c->post_json(p + "/auth/2fa/confirm", json::object{{"code", "123456"}}).status, 409)
      << "nothing pending";
  HttpResult first = c->post(p + "/auth/2fa/setup", "");
  HttpResult second = c->post(p + "/auth/2fa/setup", "");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  std::string old_secret(first.json().at("secret").as_string());
  std::string new_secret(second.json().at("secret").as_string());
  ASSERT_NE(old_secret, new_secret);
  if (code(old_secret) != code(new_secret)) {
    EXPECT_EQ(
        c->post_json(p + "/auth/2fa/confirm", json::object{{"code", code(old_secret)}}).status, 422)
        << "the replaced secret is dead";
  }
  HttpResult ok = c->post_json(p + "/auth/2fa/confirm", json::object{{"code", code(new_secret)}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  c->set_csrf_token(std::string(ok.json().at("csrf_token").as_string()));
  EXPECT_EQ(c->post(p + "/auth/2fa/setup", "").status, 409);
  EXPECT_EQ(c->post_json(p + "/auth/2fa/confirm", json::object{{"code", code(new_secret)}}).status,
            409);
}

TEST_F(TwoFactorTest, TheSecretAndCodesAreNeverShownOrStoredInTheAuditAgain) {
  server.add_user("Adam Admin", "adam@example.com", "admin");
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  advance(30);
  std::vector<HttpResult> later;
  later.push_back(c->get(p + "/auth/me"));
  later.push_back(login(*server.client()));
  later.push_back(login(*server.client(), {{"totp_code", code(e.secret)}}));
  later.push_back(login(*server.client(), {{"recovery_code", e.recovery_codes[0]}}));
  later.push_back(c->get(p + "/agent/agents"));
  auto admin = server.signed_in("adam@example.com");
  later.push_back(admin->get(p + "/agent/agents"));
  for (const auto& r : later) {
    EXPECT_EQ(r.body.find(e.secret), std::string::npos) << r.body;
    for (const auto& rc : e.recovery_codes) EXPECT_EQ(r.body.find(rc), std::string::npos);
  }
  // The staff list shows users, not their sign-in settings.
  HttpResult agents = admin->get(p + "/agent/agents");
  ASSERT_EQ(agents.status, 200) << agents.body;
  EXPECT_EQ(agents.body.find("two_factor"), std::string::npos) << agents.body;

  advance(30);
  ASSERT_EQ(c->post_json(p + "/auth/2fa/disable",
                         json::object{{"password", kPassword}, {"code", e.recovery_codes[1]}})
                .status,
            200);

  // The audit log records each step, and holds no secret.
  std::vector<std::string> actions;
  server.helpdesk().database().read([&](store::Connection& conn) {
    store::ResultSet rs = conn.query(
        "SELECT action, COALESCE(old_values, ''), COALESCE(new_values, '') FROM audit_logs "
        "WHERE entity_type = 'user' ORDER BY id");
    for (const auto& row : rs.rows) {
      actions.push_back(row.text(0));
      for (size_t i = 1; i <= 2; ++i) {
        EXPECT_EQ(row.text(i).find(e.secret), std::string::npos) << row.text(i);
        for (const auto& rc : e.recovery_codes) {
          EXPECT_EQ(row.text(i).find(rc), std::string::npos) << row.text(i);
          EXPECT_EQ(row.text(i).find(security::recovery_code_digest(rc)), std::string::npos);
        }
      }
    }
  });
  auto count = [&](const std::string& action) {
    return std::count(actions.begin(), actions.end(), action);
  };
  EXPECT_EQ(count("two_factor_enabled"), 1);
  EXPECT_EQ(count("two_factor_recovery_code_used"), 2);
  EXPECT_EQ(count("two_factor_disabled"), 1);

  server.helpdesk().database().read([&](store::Connection& conn) {
    EXPECT_EQ(conn.scalar("SELECT COUNT(*) FROM two_factor_recovery_codes")->as_int(), 0)
        << "disabling deletes the recovery codes";
  });
}

TEST_F(TwoFactorTest, RecoveryCodesAreStoredAsDigests) {
  auto c = server.signed_in("ada@example.com");
  Enabled e = enable(*c);
  std::set<std::string> stored;
  server.helpdesk().database().read([&](store::Connection& conn) {
    for (const auto& row : conn.query("SELECT code_digest FROM two_factor_recovery_codes").rows)
      stored.insert(row.text(0));
  });
  ASSERT_EQ(stored.size(), 8u);
  for (const auto& rc : e.recovery_codes) {
    EXPECT_EQ(stored.count(rc), 0u);
    EXPECT_EQ(stored.count(security::recovery_code_digest(rc)), 1u);
  }
}

TEST(TwoFactorEmbedded, RoutesAnswer404WhenTheHostSignsUsersIn) {
  TestServer server;
  server.helpdesk().set_identity_resolver([](const Request& r) -> std::optional<Principal> {
    if (r.header("X-Host-User")) return Principal{"host-7", "Bob Host", "bob@example.com", "agent"};
    return std::nullopt;
  });
  auto c = server.client();
  std::map<std::string, std::string> host{{"X-Host-User", "7"}};
  for (const char* route : {"/auth/2fa/setup", "/auth/2fa/confirm", "/auth/2fa/disable"}) {
    HttpResult r = c->request("POST", server.prefix() + route, R"({"code":"123456"})", host);
    EXPECT_EQ(r.status, 404) << route << ": " << r.body;
  }
}

}  // namespace
}  // namespace escalated::testing
