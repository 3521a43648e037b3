// Issue 13, item 9: the password check of POST /auth/2fa/disable goes
// through the sign-in throttle. An account locked by failed sign-ins cannot
// turn two-factor sign-in off, even with the right password and code, until
// the lock ends; and wrong passwords given there lock sign-in.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "core/time_format.h"
#include "security/totp.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "correct horse battery";

class TwoFactorThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Ada Agent", "ada@example.com", "agent");
    server.set_clock("2026-03-02T10:00:10Z");
    now = *core::parse_rfc3339("2026-03-02T10:00:10Z");
    ada = server.signed_in("ada@example.com");
    HttpResult setup = ada->post(p + "/auth/2fa/setup", "");
    ASSERT_EQ(setup.status, 200) << setup.body;
    secret = std::string(setup.json().at("secret").as_string());
    HttpResult confirm = ada->post_json(p + "/auth/2fa/confirm", json::object{{"code", code()}});
    ASSERT_EQ(confirm.status, 200) << confirm.body;
    ada->set_csrf_token(std::string(confirm.json().at("csrf_token").as_string()));
    advance(30);  // a fresh code from here on
  }
  void advance(int seconds) {
    server.advance_clock(seconds);
    now += std::int64_t{seconds} * 1000;
  }
  std::string code() const {
    std::string key;
    EXPECT_TRUE(security::base32_decode(secret, key));
    return security::totp_code_at(key, now);
  }
  // A failed sign-in from its own client address (behind the trusted
  // proxy), so only the account's lock counts it.
  HttpResult login_from(const std::string& client, const std::string& password) {
    return server.client()->post(
        p + "/auth/login",
        json::serialize(json::object{{"email", "ada@example.com"}, {"password", password}}),
        {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}});
  }
  HttpResult disable(const std::string& password) {
    return ada->post_json(p + "/auth/2fa/disable",
                          json::object{{"password", password}, {"code", code()}});
  }
  bool two_factor_enabled() {
    return ada->get(p + "/auth/me").json().at("user").at("two_factor_enabled").as_bool();
  }

  TestServer server{[](Options& o) { o.trusted_proxies = {"127.0.0.0/8", "::1"}; }};
  std::string p = server.prefix();
  core::Millis now = 0;
  std::string secret;
  std::unique_ptr<HttpClient> ada;
};

TEST_F(TwoFactorThrottleTest, ALockedAccountCannotTurnTwoFactorOffUntilTheLockEnds) {
  for (int i = 0; i < 10; ++i) {
    HttpResult r = login_from("203.0.113." + std::to_string(i + 1), "guess");
    EXPECT_EQ(r.status, 401) << i << r.body;
  }
  HttpResult locked = disable(kPassword);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.header("retry-after"), "60");
  EXPECT_TRUE(two_factor_enabled());
  advance(60);
  HttpResult ok = disable(kPassword);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(TwoFactorThrottleTest, WrongPasswordsThereLockSignIn) {
  for (int i = 0; i < 10; ++i) {
    HttpResult r = disable("guess " + std::to_string(i));
    EXPECT_EQ(r.status, 422) << i << r.body;
  }
  EXPECT_EQ(disable(kPassword).status, 429);
  EXPECT_EQ(login_from("203.0.113.77", kPassword).status, 429);
  EXPECT_TRUE(two_factor_enabled());
}

}  // namespace
}  // namespace escalated::testing
