// The knowledge base over HTTP: staff write categories and articles (kb.*
// permissions, publishing needs kb.publish), every published text is a
// version with a diff between two, readers see only published articles of
// their audience (anything else is 404), views count once per visitor and
// day, locales fall back to English, and browsers get server-rendered HTML
// and a sitemap.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class KbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Root", "root@example.com", "admin");
    server.add_user("Cora", "cora@example.com", "customer");
    server.add_user("Ada", "ada@example.com", "agent");
    admin = server.signed_in("root@example.com");
    cora = server.signed_in("cora@example.com");
    ada = server.signed_in("ada@example.com");
    anon = server.client();
    server.set_clock("2026-03-02T10:00:00Z");
  }

  json::object article(const json::object& body) {
    HttpResult r = admin->post_json(p + "/admin/kb/articles", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }
  json::object published(const std::string& title, const std::string& body,
                         const std::string& audience = "public", const std::string& locale = "en") {
    return article({{"title", title},
                    {"body", body},
                    {"status", "published"},
                    {"audience", audience},
                    {"locale", locale}});
  }
  HttpResult patch(HttpClient& as, const std::string& path, const json::object& body) {
    return as.request("PATCH", p + path, HttpClient::serialize(body));
  }
  std::int64_t category(const json::object& body) {
    HttpResult r = admin->post_json(p + "/admin/kb/categories", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  std::int64_t count_rows(HttpClient& as, const std::string& path) {
    HttpResult r = as.get(p + path);
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<std::int64_t>(r.json().at("data").as_array().size());
  }

  TestServer server;
  const std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, cora, ada, anon;
};

TEST_F(KbTest, CategoriesNestInOrderAndRefuseLoops) {
  std::int64_t billing = category({{"name", "Billing"}, {"position", 2}});
  std::int64_t account = category({{"name", "Your account"}, {"position", 1}});
  std::int64_t refunds = category({{"name", "Refunds"}, {"parent_id", billing}});

  HttpResult list = anon->get(p + "/kb/categories");
  ASSERT_EQ(list.status, 200) << list.body;
  const json::value body = list.json();
  const auto& data = body.at("data").as_array();
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0].at("slug"), "refunds") << "position 0 first";
  EXPECT_EQ(data[1].at("slug"), "your-account") << "the slug comes from the name";
  EXPECT_EQ(data[2].at("id"), billing);
  EXPECT_EQ(data[0].at("parent_id"), billing);

  HttpResult loop =
      patch(*admin, "/admin/kb/categories/" + std::to_string(billing), {{"parent_id", refunds}});
  EXPECT_EQ(loop.status, 422) << loop.body;
  EXPECT_EQ(error_fields(loop), std::set<std::string>{"parent_id"});
  HttpResult taken = admin->post_json(p + "/admin/kb/categories", {{"name", "Billing"}});
  EXPECT_EQ(taken.status, 422);
  EXPECT_EQ(error_fields(taken), std::set<std::string>{"slug"});

  HttpResult busy =
      admin->request("DELETE", p + "/admin/kb/categories/" + std::to_string(billing), "");
  EXPECT_EQ(busy.status, 409) << "it has a subcategory";
  EXPECT_EQ(
      admin->request("DELETE", p + "/admin/kb/categories/" + std::to_string(refunds), "").status,
      204);
  EXPECT_EQ(
      admin->request("DELETE", p + "/admin/kb/categories/" + std::to_string(billing), "").status,
      204);
  EXPECT_EQ(count_rows(*admin, "/admin/kb/categories"), 1);
  (void)account;

  // Agents read but do not write.
  EXPECT_EQ(ada->post_json(p + "/admin/kb/categories", {{"name", "X"}}).status, 403);
}

TEST_F(KbTest, ArticlesRenderSafeMarkdownAndPublishingNeedsThePermission) {
  json::object draft = article({{"title", "Reset your password"},
                                {"body", "# Steps\n\nClick **Forgot**.<script>alert(1)</script>"},
                                {"tags", json::array{"account", " login "}}});
  EXPECT_EQ(draft.at("slug"), "reset-your-password");
  EXPECT_EQ(draft.at("status"), "draft");
  EXPECT_EQ(draft.at("audience"), "public");
  EXPECT_EQ(draft.at("locale"), "en");
  EXPECT_TRUE(draft.at("version").is_null());
  std::string html(draft.at("body_html").as_string());
  EXPECT_NE(html.find("<strong>Forgot</strong>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(draft.at("tags"), (json::array{"account", "login"}));
  EXPECT_EQ(draft.at("author").at("name"), "Root");

  // Bad input names each field and writes nothing.
  HttpResult bad = admin->post_json(
      p + "/admin/kb/articles",
      {{"title", ""}, {"body", "x"}, {"status", "live"}, {"audience", "all"}, {"locale", "e"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"title", "status", "audience", "locale"}));
  EXPECT_EQ(count_rows(*admin, "/admin/kb/articles"), 1);

  // A role with kb.create and kb.edit but not kb.publish writes drafts only.
  HttpResult role = admin->post_json(
      p + "/admin/roles",
      {{"slug", "writer"},
       {"name", "Writer"},
       {"permissions", json::array{"ticket.view", "kb.view", "kb.create", "kb.edit"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  server.add_user("Wren", "wren@example.com", "writer");
  auto wren = server.signed_in("wren@example.com");
  std::string id = std::to_string(draft.at("id").as_int64());
  EXPECT_EQ(patch(*wren, "/admin/kb/articles/" + id, {{"body", "Better text."}}).status, 200);
  HttpResult go_live = patch(*wren, "/admin/kb/articles/" + id, {{"status", "published"}});
  EXPECT_EQ(go_live.status, 403) << go_live.body;
  EXPECT_NE(go_live.body.find("kb.publish"), std::string::npos);
  EXPECT_EQ(anon->get(p + "/kb/articles/reset-your-password").status, 404) << "still a draft";

  HttpResult live = patch(*admin, "/admin/kb/articles/" + id, {{"status", "published"}});
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.json().at("version"), 1);
  EXPECT_EQ(live.json().at("published_at"), "2026-03-02T10:00:00Z");
  HttpResult edit_live = patch(*wren, "/admin/kb/articles/" + id, {{"body", "Changed live."}});
  EXPECT_EQ(edit_live.status, 403) << "changing a live text publishes it";

  EXPECT_EQ(wren->request("DELETE", p + "/admin/kb/articles/" + id, "").status, 403);
  EXPECT_EQ(admin->request("DELETE", p + "/admin/kb/articles/" + id, "").status, 204);
  EXPECT_EQ(anon->get(p + "/kb/articles/reset-your-password").status, 404);
}

TEST_F(KbTest, EveryPublishedVersionIsKeptWithADiff) {
  json::object a = published("Printing", "Line one\nLine two\nLine three");
  std::string id = std::to_string(a.at("id").as_int64());
  server.advance_clock(60);
  ASSERT_EQ(
      patch(*admin, "/admin/kb/articles/" + id, {{"body", "Line one\nLine 2\nLine three"}}).status,
      200);
  server.advance_clock(60);
  ASSERT_EQ(patch(*admin, "/admin/kb/articles/" + id, {{"tags", json::array{"x"}}}).status, 200)
      << "a change of tags only is no new version";

  HttpResult versions = admin->get(p + "/admin/kb/articles/" + id + "/versions");
  ASSERT_EQ(versions.status, 200) << versions.body;
  const json::value body = versions.json();
  const auto& list = body.at("data").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("version"), 2);
  EXPECT_EQ(list[0].at("published_by").at("name"), "Root");
  EXPECT_EQ(list[1].at("published_at"), "2026-03-02T10:00:00Z");

  HttpResult one = admin->get(p + "/admin/kb/articles/" + id + "/versions/1");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("body"), "Line one\nLine two\nLine three");

  HttpResult diff = admin->get(p + "/admin/kb/articles/" + id + "/diff?from=1&to=2");
  ASSERT_EQ(diff.status, 200) << diff.body;
  json::array expected{json::object{{"op", "equal"}, {"text", "Line one"}},
                       json::object{{"op", "delete"}, {"text", "Line two"}},
                       json::object{{"op", "insert"}, {"text", "Line 2"}},
                       json::object{{"op", "equal"}, {"text", "Line three"}}};
  EXPECT_EQ(diff.json().at("lines"), expected);
  EXPECT_EQ(diff.json().at("title_changed"), false);
  EXPECT_EQ(admin->get(p + "/admin/kb/articles/" + id + "/diff?from=1&to=9").status, 404);
  HttpResult no_to = admin->get(p + "/admin/kb/articles/" + id + "/diff?from=1");
  EXPECT_EQ(no_to.status, 422);
  EXPECT_EQ(error_fields(no_to), std::set<std::string>{"to"});
  EXPECT_EQ(cora->get(p + "/admin/kb/articles/" + id + "/versions").status, 404)
      << "customers hold kb.view but see no versions";
}

TEST_F(KbTest, ReadersSeeOnlyPublishedArticlesOfTheirAudience) {
  published("Open to all", "Everyone reads this.");
  published("For customers", "Signed-in customers read this.", "customers");
  published("Internal", "Staff only.", "staff");
  article({{"title", "Unfinished"}, {"body", "Draft."}});

  auto slugs = [&](HttpClient& as) {
    std::set<std::string> out;
    HttpResult r = as.get(p + "/kb/articles");
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value body = r.json();
    for (const auto& a : body.at("data").as_array())
      out.insert(std::string(a.at("slug").as_string()));
    return out;
  };
  EXPECT_EQ(slugs(*anon), std::set<std::string>{"open-to-all"});
  EXPECT_EQ(slugs(*cora), (std::set<std::string>{"open-to-all", "for-customers"}));
  EXPECT_EQ(slugs(*ada), (std::set<std::string>{"open-to-all", "for-customers", "internal"}));

  EXPECT_EQ(anon->get(p + "/kb/articles/for-customers").status, 404);
  EXPECT_EQ(cora->get(p + "/kb/articles/for-customers").status, 200);
  EXPECT_EQ(cora->get(p + "/kb/articles/internal").status, 404);
  EXPECT_EQ(ada->get(p + "/kb/articles/internal").status, 200);
  EXPECT_EQ(ada->get(p + "/kb/articles/unfinished").status, 404) << "drafts are not read here";

  // The staff list has everything; a customer holding kb.view gets a reader's list.
  EXPECT_EQ(count_rows(*admin, "/admin/kb/articles"), 4);
  EXPECT_EQ(count_rows(*admin, "/admin/kb/articles?status=draft"), 1);
  EXPECT_EQ(count_rows(*cora, "/admin/kb/articles"), 2);
  HttpResult bad = admin->get(p + "/admin/kb/articles?status=gone");
  EXPECT_EQ(bad.status, 422);
}

TEST_F(KbTest, ListsFilterByCategoryAndPage) {
  std::int64_t billing = category({{"name", "Billing"}});
  std::int64_t refunds = category({{"name", "Refunds"}, {"parent_id", billing}});
  for (int i = 0; i < 21; ++i) {
    server.advance_clock(1);
    published("Article " + std::to_string(i), "Text " + std::to_string(i));
  }
  article({{"title", "Refund rules"},
           {"body", "Within 30 days."},
           {"status", "published"},
           {"category_id", refunds}});
  HttpResult first = anon->get(p + "/kb/articles");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.json().at("data").as_array().size(), 20u);
  EXPECT_EQ(first.json().at("has_more"), true);
  EXPECT_EQ(first.json().at("data").at(0).at("slug"), "refund-rules") << "newest first";
  EXPECT_EQ(first.json().at("data").at(0).at("excerpt"), "Within 30 days.");
  HttpResult second = anon->get(p + "/kb/articles?page=2");
  EXPECT_EQ(second.json().at("data").as_array().size(), 2u);
  EXPECT_EQ(second.json().at("has_more"), false);

  HttpResult in_billing = anon->get(p + "/kb/articles?category=billing");
  ASSERT_EQ(in_billing.status, 200);
  EXPECT_EQ(in_billing.json().at("data").as_array().size(), 1u) << "subcategories included";
  EXPECT_EQ(anon->get(p + "/kb/articles?category=" + std::to_string(refunds)).status, 200);
  EXPECT_EQ(anon->get(p + "/kb/articles?category=nothing").status, 404);
  HttpResult widget = anon->get(p + "/widget/kb/articles?category=billing");
  ASSERT_EQ(widget.status, 200) << "the widget's list is the same";
  EXPECT_EQ(widget.json().at("data").as_array().size(), 1u);
  HttpResult one = ada->get(p + "/admin/kb/categories/" + std::to_string(refunds));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("parent_id"), billing);
  EXPECT_EQ(anon->get(p + "/kb/articles?page=0").status, 422);
}

TEST_F(KbTest, ViewsCountOncePerVisitorAndDay) {
  json::object a = published("Counted", "Body.");
  std::string id = std::to_string(a.at("id").as_int64());
  auto views = [&] { return admin->get(p + "/admin/kb/articles/" + id).json().at("views"); };

  HttpResult first = anon->get(p + "/kb/articles/counted");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.header("set-cookie").find("escalated_visitor="), std::string::npos);
  anon->get(p + "/kb/articles/counted");  // the cookie came back: same visitor
  EXPECT_EQ(views(), 1);
  cora->get(p + "/kb/articles/counted");
  cora->get(p + "/kb/articles/counted");
  EXPECT_EQ(views(), 2);
  server.advance_clock(86400);
  anon->get(p + "/kb/articles/counted");
  EXPECT_EQ(views(), 3) << "a new day counts again";
}

TEST_F(KbTest, LocalesPickAVersionAndFallBackToEnglish) {
  published("Shipping", "We ship daily.");
  article({{"title", "Versand"},
           {"slug", "shipping"},
           {"body", "Wir versenden täglich."},
           {"status", "published"},
           {"locale", "de"}});
  published("Returns", "Send it back.");

  EXPECT_EQ(anon->get(p + "/kb/articles/shipping").json().at("title"), "Shipping");
  EXPECT_EQ(anon->get(p + "/kb/articles/shipping?locale=de").json().at("title"), "Versand");
  HttpResult fallback = anon->get(p + "/kb/articles/returns?locale=de");
  ASSERT_EQ(fallback.status, 200);
  EXPECT_EQ(fallback.json().at("locale"), "en");
  HttpResult german_list = anon->get(p + "/kb/articles?locale=de");
  std::set<std::string> titles;
  const json::value german = german_list.json();
  for (const auto& x : german.at("data").as_array())
    titles.insert(std::string(x.at("title").as_string()));
  EXPECT_EQ(titles, (std::set<std::string>{"Versand", "Returns"}));
  EXPECT_EQ(anon->get(p + "/kb/articles/shipping?locale=!!").status, 422);
}

TEST_F(KbTest, BrowsersGetPagesASearchEngineCanRead) {
  published("Reset <your> password", "Click **Forgot password** on the sign-in page.");
  published("Secret", "Staff only.", "staff");
  HttpResult page = anon->get(p + "/kb/articles/reset-your-password", {{"Accept", "text/html"}});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<title>Reset &lt;your&gt; password</title>"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<meta name=\"description\" content=\"Click Forgot password on the "
                           "sign-in page.\">"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<link rel=\"canonical\" href=\"http://"), std::string::npos);
  EXPECT_NE(page.body.find("/support/kb/articles/reset-your-password\">"), std::string::npos);
  EXPECT_NE(page.body.find("<strong>Forgot password</strong>"), std::string::npos);
  EXPECT_NE(page.body.find("<main>"), std::string::npos);

  HttpResult list = anon->get(p + "/kb/articles", {{"Accept", "text/html"}});
  EXPECT_NE(list.body.find("href=\"/support/kb/articles/reset-your-password\""), std::string::npos);
  EXPECT_EQ(list.body.find("Secret"), std::string::npos);
  HttpResult hidden = anon->get(p + "/kb/articles/secret", {{"Accept", "text/html"}});
  EXPECT_EQ(hidden.status, 404);

  HttpResult map = anon->get(p + "/kb/sitemap.xml");
  ASSERT_EQ(map.status, 200);
  EXPECT_EQ(map.header("content-type"), "application/xml; charset=utf-8");
  EXPECT_NE(map.body.find("/support/kb/articles/reset-your-password</loc><lastmod>2026-03-02"),
            std::string::npos)
      << map.body;
  EXPECT_EQ(map.body.find("secret"), std::string::npos);

  // Other pages under /support still get the app.
  HttpResult app = anon->get(p + "/tickets", {{"Accept", "text/html"}});
  EXPECT_EQ(app.status, 200);
}

}  // namespace
}  // namespace escalated::testing
