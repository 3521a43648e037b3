// Languages and time zones of users (issue 14): the user's own choice on
// /auth/me, the admins' on /admin/users, the effective locale (choice, else
// Accept-Language, else DefaultLocale) on /auth/me and /auth/locale.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class LocaleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_id = server.add_user("Root", "root@example.com", "admin");
    cus_id = server.add_user("Cus Tomer", "cus@example.com", "customer");
    admin = server.signed_in("root@example.com");
    customer = server.signed_in("cus@example.com");
  }

  HttpResult patch_me(HttpClient& c, const std::string& body,
                      std::map<std::string, std::string> headers = {}) {
    return c.request("PATCH", p + "/auth/me", body, std::move(headers));
  }
  static std::string first_error(const HttpResult& r, const std::string& field) {
    json::value body = r.json();
    auto* errors = body.as_object().if_contains("errors");
    if (!errors || !errors->as_object().if_contains(field)) return "";
    return std::string(errors->at(field).as_array().at(0).as_string());
  }

  TestServer server;
  std::string p = server.prefix();
  std::int64_t root_id = 0, cus_id = 0;
  std::unique_ptr<HttpClient> admin, customer;
};

TEST_F(LocaleTest, MeCarriesTheChoiceAndTheEffectiveLocale) {
  HttpResult r = customer->get(p + "/auth/me");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value body = r.json();
  EXPECT_TRUE(body.at("user").at("locale").is_null());
  EXPECT_TRUE(body.at("user").at("timezone").is_null());
  EXPECT_EQ(body.at("locale").as_string(), "en");  // DefaultLocale

  // No choice: the browser's language, by q-value.
  r = customer->get(p + "/auth/me", {{"Accept-Language", "xx, fr;q=0.5, de;q=0.9"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("locale").as_string(), "de");

  r = patch_me(*customer, R"({"locale": "ja", "timezone": "Asia/Tokyo"})");
  ASSERT_EQ(r.status, 200) << r.body;
  body = r.json();
  EXPECT_EQ(body.at("user").at("locale").as_string(), "ja");
  EXPECT_EQ(body.at("user").at("timezone").as_string(), "Asia/Tokyo");
  EXPECT_EQ(body.at("locale").as_string(), "ja");

  // The choice wins over the browser's.
  r = customer->get(p + "/auth/me", {{"Accept-Language", "de"}});
  EXPECT_EQ(r.json().at("locale").as_string(), "ja");
  EXPECT_EQ(r.json().at("user").at("timezone").as_string(), "Asia/Tokyo");

  // Only the members given change; null clears.
  r = patch_me(*customer, R"({"locale": null})", {{"Accept-Language", "pt"}});
  ASSERT_EQ(r.status, 200) << r.body;
  body = r.json();
  EXPECT_TRUE(body.at("user").at("locale").is_null());
  EXPECT_EQ(body.at("user").at("timezone").as_string(), "Asia/Tokyo");
  EXPECT_EQ(body.at("locale").as_string(), "pt-BR");
}

TEST_F(LocaleTest, BadLocaleOrZoneIs422NamingTheFieldAndChangesNothing) {
  HttpResult r = patch_me(*customer, R"({"locale": "klingon", "timezone": "Mars/Olympus"})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(first_error(r, "locale").find("must be one of ar, de, en"), std::string::npos)
      << r.body;
  EXPECT_NE(first_error(r, "timezone").find("IANA"), std::string::npos) << r.body;
  // Spelt exactly: "pt-br" is not "pt-BR"; the host's "localtime" is no zone.
  EXPECT_EQ(patch_me(*customer, R"({"locale": "pt-br"})").status, 422);
  EXPECT_EQ(patch_me(*customer, R"({"timezone": "localtime"})").status, 422);
  EXPECT_EQ(patch_me(*customer, R"({"locale": 3})").status, 422);
  EXPECT_EQ(patch_me(*customer, R"({"name": "x"})").status, 422);
  json::value me = customer->get(p + "/auth/me").json();
  EXPECT_TRUE(me.at("user").at("locale").is_null());
  EXPECT_TRUE(me.at("user").at("timezone").is_null());
  // A link of the database is a zone like any other.
  EXPECT_EQ(patch_me(*customer, R"({"timezone": "US/Eastern"})").status, 200);
}

TEST_F(LocaleTest, AdminsSetAUsersLanguage) {
  std::string path = p + "/admin/users/" + std::to_string(cus_id);
  HttpResult r =
      admin->request("PATCH", path, R"({"locale": "zh-CN", "timezone": "Asia/Shanghai"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("locale").as_string(), "zh-CN");
  EXPECT_EQ(r.json().at("timezone").as_string(), "Asia/Shanghai");
  EXPECT_EQ(customer->get(p + "/auth/me").json().at("locale").as_string(), "zh-CN");

  r = admin->request("PATCH", path, R"({"locale": "xx", "timezone": "Nowhere/Land"})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_FALSE(first_error(r, "locale").empty());
  EXPECT_FALSE(first_error(r, "timezone").empty());
  EXPECT_EQ(admin->get(path).json().at("locale").as_string(), "zh-CN");

  r = admin->request("PATCH", path, R"({"locale": null, "timezone": null})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("locale").is_null());
  EXPECT_TRUE(r.json().at("timezone").is_null());
  // Customers may not.
  EXPECT_EQ(customer->request("PATCH", path, R"({"locale": "de"})").status, 403);
}

TEST_F(LocaleTest, PublicLocaleFollowsTheBrowser) {
  auto guest = server.client();
  HttpResult r = guest->get(p + "/auth/locale");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value body = r.json();
  EXPECT_EQ(body.at("locale").as_string(), "en");
  EXPECT_EQ(body.at("default_locale").as_string(), "en");
  EXPECT_EQ(body.at("locales").as_array().size(), 14u);

  auto locale_for = [&](const std::string& accept) {
    return std::string(guest->get(p + "/auth/locale", {{"Accept-Language", accept}})
                           .json()
                           .at("locale")
                           .as_string());
  };
  EXPECT_EQ(locale_for("zh-Hans-CN,zh;q=0.9"), "zh-CN");
  EXPECT_EQ(locale_for("zh-TW, ko;q=0.3"), "ko");  // Traditional is not Simplified
  EXPECT_EQ(locale_for("pt-PT"), "pt-BR");
  EXPECT_EQ(locale_for("de-AT;q=0.8, ar;q=0.9"), "ar");
  EXPECT_EQ(locale_for("fr;q=0, *"), "en");
  EXPECT_EQ(locale_for(";;;q=,,"), "en");

  // A signed-in caller's own choice.
  ASSERT_EQ(patch_me(*customer, R"({"locale": "ru"})").status, 200);
  EXPECT_EQ(customer->get(p + "/auth/locale", {{"Accept-Language", "de"}}).json().at("locale"),
            "ru");
}

TEST(LocaleConfigTest, DefaultLocaleApplies) {
  TestServer server([](Options& o) { o.default_locale = "tr"; });
  auto guest = server.client();
  HttpResult r = guest->get(server.prefix() + "/auth/locale", {{"Accept-Language", "xx-YY"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("locale").as_string(), "tr");
  EXPECT_EQ(r.json().at("default_locale").as_string(), "tr");
}

}  // namespace
}  // namespace escalated::testing
