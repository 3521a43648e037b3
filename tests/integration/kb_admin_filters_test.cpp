// The staff list of articles, GET /admin/kb/articles, filters on the server:
// words in the title (q), status, audience, category and locale, each
// narrowing the list and kept across pages; a bad value is a 422 naming the
// parameter. A reader holding kb.view (the customer role) gets the same
// filters over the published articles they may read.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Titles = std::vector<std::string>;

class KbAdminFiltersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    server.add_user("Cora", "cora@example.com", "customer");
    admin = server.signed_in("root@example.com");
    cora = server.signed_in("cora@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }

  // A new article (a draft for the public in English unless `extra` says
  // otherwise); each a minute after the one before, so the list (latest
  // change first) is in reverse order of writing.
  std::int64_t article(const std::string& title, json::object extra = {}) {
    json::object body{{"title", title}, {"body", "Text of " + title + "."}};
    for (auto& [k, v] : extra) body[k] = v;
    HttpResult r = admin->post_json(p + "/admin/kb/articles", body);
    EXPECT_EQ(r.status, 201) << r.body;
    server.advance_clock(60);
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  std::int64_t category(const std::string& name) {
    HttpResult r = admin->post_json(p + "/admin/kb/categories", {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // The titles GET /admin/kb/articles?`query` answers `as` (200 required).
  Titles titles(HttpClient& as, const std::string& query) {
    HttpResult r = as.get(p + "/admin/kb/articles?" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.body;
    Titles out;
    if (r.status != 200) return out;
    json::value body = r.json();
    for (const auto& a : body.at("data").as_array()) out.emplace_back(a.at("title").as_string());
    return out;
  }
  Titles titles(const std::string& query) { return titles(*admin, query); }
  std::set<std::string> refused(const std::string& query) {
    HttpResult r = admin->get(p + "/admin/kb/articles?" + query);
    EXPECT_EQ(r.status, 422) << query << " " << r.body;
    return error_fields(r);
  }

  TestServer server;
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, cora;
};

TEST_F(KbAdminFiltersTest, WordsMatchInsideTitlesInAnyCaseAllOfThem) {
  article("Reset your password");
  article("Password rules for admins");
  article("Printer setup");
  article("50% off_peak pricing");
  article("C++ SDK: Über-Anleitung");

  EXPECT_EQ(titles("q=password"), (Titles{"Password rules for admins", "Reset your password"}));
  EXPECT_EQ(titles("q=PASSWORD"), (Titles{"Password rules for admins", "Reset your password"}));
  EXPECT_EQ(titles("q=" + url_encoded("pass  RESET")), Titles{"Reset your password"})
      << "every word, in any order, each inside a word";
  EXPECT_EQ(titles("q=" + url_encoded("password printer")), Titles{});
  EXPECT_EQ(titles("q=" + url_encoded("c++")), Titles{"C++ SDK: Über-Anleitung"});
  EXPECT_EQ(titles("q=" + url_encoded("Über")), Titles{"C++ SDK: Über-Anleitung"});
  // No wildcards: % and _ are themselves.
  EXPECT_EQ(titles("q=" + url_encoded("50%")), Titles{"50% off_peak pricing"});
  EXPECT_EQ(titles("q=" + url_encoded("f_p")), Titles{"50% off_peak pricing"});
  EXPECT_EQ(titles("q=" + url_encoded("%")), Titles{"50% off_peak pricing"});
  EXPECT_EQ(titles("q=_"), Titles{"50% off_peak pricing"});
  // Blank is no filter.
  EXPECT_EQ(titles("q=" + url_encoded("   ")).size(), 5u);
  EXPECT_EQ(titles("q=").size(), 5u);
}

TEST_F(KbAdminFiltersTest, StatusAudienceCategoryAndLocaleNarrowTogether) {
  std::int64_t billing = category("Billing");
  std::int64_t account = category("Account");
  article("Invoices explained", {{"status", "published"}, {"category_id", billing}});
  article("Invoice drafts", {{"category_id", billing}, {"audience", "staff"}});
  article("Invoices for customers",
          {{"status", "published"}, {"audience", "customers"}, {"category_id", billing}});
  article("Rechnungen erklärt",
          {{"status", "published"}, {"locale", "de"}, {"slug", "invoices-explained"}});
  article("Change your e-mail", {{"category_id", account}});

  EXPECT_EQ(titles("status=draft"), (Titles{"Change your e-mail", "Invoice drafts"}));
  EXPECT_EQ(titles("audience=staff"), Titles{"Invoice drafts"});
  EXPECT_EQ(titles("audience=customers&status=published"), Titles{"Invoices for customers"});
  EXPECT_EQ(titles("category_id=" + std::to_string(billing) + "&q=invoices"),
            (Titles{"Invoices for customers", "Invoices explained"}));
  EXPECT_EQ(titles("category_id=" + std::to_string(account)), Titles{"Change your e-mail"});
  EXPECT_EQ(titles("locale=de"), Titles{"Rechnungen erklärt"});
  EXPECT_EQ(titles("locale=DE&q=rechnungen&status=published&audience=public"),
            Titles{"Rechnungen erklärt"})
      << "the locale as written elsewhere (normalised)";
  EXPECT_EQ(titles("locale=en&audience=public&status=published&q=invoice"),
            Titles{"Invoices explained"});
}

TEST_F(KbAdminFiltersTest, FiltersHoldAcrossPages) {
  for (int i = 1; i <= 23; ++i) article("Guide " + std::to_string(i));
  for (int i = 1; i <= 3; ++i) article("Other " + std::to_string(i));

  HttpResult first = admin->get(p + "/admin/kb/articles?q=guide");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("data").as_array().size(), 20u);
  EXPECT_EQ(first.json().at("has_more"), true);
  EXPECT_EQ(first.json().at("data").as_array()[0].at("title"), "Guide 23");
  HttpResult second = admin->get(p + "/admin/kb/articles?q=guide&page=2");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json().at("page"), 2);
  EXPECT_EQ(second.json().at("has_more"), false);
  EXPECT_EQ(titles("q=guide&page=2"), (Titles{"Guide 3", "Guide 2", "Guide 1"}));
  EXPECT_EQ(titles("q=other&page=1"), (Titles{"Other 3", "Other 2", "Other 1"}));
}

TEST_F(KbAdminFiltersTest, BadValuesAre422NamingTheParameter) {
  article("Reset your password");
  EXPECT_EQ(refused("status=live"), std::set<std::string>{"status"});
  EXPECT_EQ(refused("status="), std::set<std::string>{"status"});
  EXPECT_EQ(refused("audience=everyone"), std::set<std::string>{"audience"});
  EXPECT_EQ(refused("category_id=billing"), std::set<std::string>{"category_id"});
  EXPECT_EQ(refused("category_id=0"), std::set<std::string>{"category_id"});
  EXPECT_EQ(refused("locale=e"), std::set<std::string>{"locale"});
  EXPECT_EQ(refused("q=" + std::string(201, 'a')), std::set<std::string>{"q"});
  EXPECT_EQ(refused("q=a+b+c+d+e+f+g+h+i"), std::set<std::string>{"q"}) << "9 words";
  EXPECT_EQ(refused("q=a%01b"), std::set<std::string>{"q"});
  EXPECT_EQ(refused("page=0"), std::set<std::string>{"page"});
  EXPECT_EQ(refused("status=live&audience=all&q=" + std::string(201, 'x')),
            (std::set<std::string>{"status", "audience", "q"}));
  EXPECT_EQ(titles("q=" + std::string(200, 'a')), Titles{}) << "200 characters are fine";
  EXPECT_EQ(titles("q=a+b+c+d+e+f+g+h"), Titles{}) << "8 words are fine";
}

TEST_F(KbAdminFiltersTest, ReadersGetTheFiltersOverWhatTheyMayRead) {
  article("Reset your password", {{"status", "published"}});
  article("Password policy (staff)", {{"status", "published"}, {"audience", "staff"}});
  article("Password for customers", {{"status", "published"}, {"audience", "customers"}});
  article("Password draft");

  EXPECT_EQ(titles(*cora, "q=password"), (Titles{"Password for customers", "Reset your password"}));
  EXPECT_EQ(titles(*cora, "q=password&audience=customers"), Titles{"Password for customers"});
  EXPECT_EQ(titles(*cora, "audience=staff"), Titles{}) << "not theirs to read";
  EXPECT_EQ(titles(*cora, "status=draft"), Titles{});
  EXPECT_EQ(titles(*cora, "status=published&q=reset"), Titles{"Reset your password"});
  HttpResult bad = cora->get(p + "/admin/kb/articles?status=live&audience=x");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"status", "audience"}));
  HttpResult nowhere = cora->get(p + "/admin/kb/articles?category_id=999");
  EXPECT_EQ(nowhere.status, 404) << nowhere.body;
}

}  // namespace
}  // namespace escalated::testing
