// Knowledge base search and feedback over HTTP, on both engines: every word
// matches as a prefix, titles rank above bodies, snippets are escaped with
// only <mark> added, a typo still finds a title, readers find only what
// their audience may read; one vote per visitor, replaced by a later one,
// counts and comments for staff, and the "needs work" list.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class KbSearchTest : public ::testing::Test {
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

  std::int64_t publish(const std::string& title, const std::string& body,
                       const std::string& audience = "public", const std::string& locale = "en",
                       const std::string& slug = "") {
    json::object o{{"title", title},
                   {"body", body},
                   {"status", "published"},
                   {"audience", audience},
                   {"locale", locale}};
    if (!slug.empty()) o["slug"] = slug;
    HttpResult r = admin->post_json(p + "/admin/kb/articles", o);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  json::value search(HttpClient& as, const std::string& query) {
    HttpResult r = as.get(p + "/widget/kb/search?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.json();
  }
  std::vector<std::string> titles(HttpClient& as, const std::string& query) {
    std::vector<std::string> out;
    json::value v = search(as, query);
    for (const auto& h : v.at("data").as_array()) out.emplace_back(h.at("title").as_string());
    return out;
  }
  HttpResult vote(HttpClient& as, std::int64_t id, const json::object& body) {
    return as.post_json(p + "/widget/kb/articles/" + std::to_string(id) + "/feedback", body);
  }
  json::value admin_article(std::int64_t id) {
    HttpResult r = admin->get(p + "/admin/kb/articles/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  TestServer server;
  const std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, cora, ada, anon;
};

TEST_F(KbSearchTest, PrefixesMatchTitlesRankFirstAndSnippetsAreEscaped) {
  publish("Account basics", "Your password needs 12 characters. <b>Never</b> share your password.");
  publish("Reset your password", "Use the Forgot link on the sign-in page.");
  publish("Invoices", "Download invoices as PDF.");

  EXPECT_EQ(titles(*anon, "q=passw"),
            (std::vector<std::string>{"Reset your password", "Account basics"}))
      << "the title match first, and a prefix matches as one types";
  EXPECT_EQ(titles(*anon, "q=never+passw"), (std::vector<std::string>{"Account basics"}))
      << "every word must match";

  json::value v = search(*anon, "q=share");
  ASSERT_EQ(v.at("data").as_array().size(), 1u);
  EXPECT_EQ(v.at("fuzzy"), false);
  std::string snippet(v.at("data").at(0).at("snippet").as_string());
  EXPECT_NE(snippet.find("<mark>share</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<b>"), std::string::npos) << snippet;
  // SQLite shows the tag as escaped text; PostgreSQL's headline drops it.
  EXPECT_NE(snippet.find("Never"), std::string::npos) << snippet;
  EXPECT_EQ(v.at("data").at(0).at("slug"), "account-basics");

  EXPECT_EQ(titles(*anon, "q=passw&limit=1").size(), 1u);
  EXPECT_TRUE(titles(*anon, "q=").empty());
  EXPECT_TRUE(titles(*anon, "q=%22*%28").empty()) << "query syntax is not ours to run";
  EXPECT_EQ(anon->get(p + "/widget/kb/search?q=x&limit=0").status, 422);
  HttpResult too_long = anon->get(p + "/widget/kb/search?q=" + std::string(201, 'a'));
  EXPECT_EQ(too_long.status, 422);
  EXPECT_EQ(error_fields(too_long), std::set<std::string>{"q"});
}

TEST_F(KbSearchTest, MoreOfTheWordsInLessTextRanksHigher) {
  publish("Printer setup guide for the office network and the shared drives", "Steps.");
  publish("Printer setup", "Steps.");
  publish("Scanners", "A printer may jam. Setup: open the printer tray, setup the printer again.");
  publish("Toner", "Buy a printer toner. Setup is easy.");
  EXPECT_EQ(titles(*anon, "q=printer+setu"),
            (std::vector<std::string>{"Printer setup",
                                      "Printer setup guide for the office network and the shared "
                                      "drives",
                                      "Scanners", "Toner"}))
      << "titles first, the shorter title above; then the body naming the words more often";
  EXPECT_EQ(titles(*anon, "q=printer+setu&match=any").size(), 4u);
}

TEST_F(KbSearchTest, ReadersFindOnlyWhatTheirAudienceMayRead) {
  publish("Password policy", "For everyone.");
  publish("Password for customers", "Signed in.", "customers");
  publish("Password vault", "Staff only.", "staff");
  admin->post_json(p + "/admin/kb/articles", {{"title", "Password draft"}, {"body", "Draft."}});

  EXPECT_EQ(titles(*anon, "q=password").size(), 1u);
  EXPECT_EQ(titles(*cora, "q=password").size(), 2u);
  EXPECT_EQ(titles(*ada, "q=password").size(), 3u) << "drafts are never found";
  // The typo fallback keeps to the same audiences.
  json::value fuzzy = search(*anon, "q=passwrd+vult");
  EXPECT_TRUE(fuzzy.at("data").as_array().empty()) << fuzzy;
  EXPECT_EQ(titles(*ada, "q=passwrd+vult"), std::vector<std::string>{"Password vault"});
}

TEST_F(KbSearchTest, ATypoStillFindsATitle) {
  publish("Reset your password", "Use the Forgot link.");
  publish("Invoices", "Download invoices as PDF.");
  json::value v = search(*anon, "q=pasword");
  EXPECT_EQ(v.at("fuzzy"), true) << v;
  ASSERT_EQ(v.at("data").as_array().size(), 1u) << v;
  EXPECT_EQ(v.at("data").at(0).at("title"), "Reset your password");
  EXPECT_EQ(v.at("data").at(0).at("snippet"), "");
  EXPECT_TRUE(search(*anon, "q=zzzzzz").at("data").as_array().empty());
}

TEST_F(KbSearchTest, EachLocaleSearchesItsOwnArticles) {
  publish("Shipping", "We ship daily.");
  publish("Versand", "Wir versenden täglich.", "public", "de", "shipping");
  publish("パスワードの再設定", "パスワードを忘れた場合は再設定してください。", "public", "ja",
          "reset-password");
  EXPECT_EQ(titles(*anon, "q=versand&locale=de"), std::vector<std::string>{"Versand"});
  EXPECT_TRUE(titles(*anon, "q=versand").empty()) << "English is the default locale";
  EXPECT_EQ(titles(*anon, "q=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89&locale=ja"),
            std::vector<std::string>{"パスワードの再設定"});
  EXPECT_EQ(anon->get(p + "/widget/kb/search?q=x&locale=!").status, 422);
}

TEST_F(KbSearchTest, SuggestionsMatchAnyWordOfASentence) {
  publish("Reset your password", "Use the Forgot link on the sign-in page.");
  publish("Password rules", "Twelve characters at least.");
  publish("Invoices", "Download invoices as PDF.");
  // (PostgreSQL drops a language's stop words from a query; SQLite keeps them.)
  const std::string sentence = "q=how+to+reset+a+forgotten+password+quickly";
  EXPECT_TRUE(search(*anon, sentence).at("fuzzy").as_bool() || titles(*anon, sentence).empty())
      << "by default every word must match";
  std::vector<std::string> any = titles(*anon, sentence + "&match=any");
  ASSERT_EQ(any.size(), 2u);
  EXPECT_EQ(any.front(), "Reset your password") << "more of the words rank higher";
  EXPECT_EQ(titles(*anon, "q=invoices+password&match=all").size(), 0u);
  HttpResult bad = anon->get(p + "/widget/kb/search?q=x&match=some");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(error_fields(bad), std::set<std::string>{"match"});
}

TEST_F(KbSearchTest, MovingAnArticleToAnotherAudienceOrLocaleMovesItsSearch) {
  std::int64_t id = publish("Password vault", "Where the keys live.");
  publish("Senha esquecida", "Use o link.", "public", "pt-BR", "senha");
  EXPECT_EQ(titles(*anon, "q=vault").size(), 1u);
  EXPECT_EQ(titles(*anon, "q=senha&locale=pt-BR"), std::vector<std::string>{"Senha esquecida"});
  ASSERT_EQ(admin
                ->request("PATCH", p + "/admin/kb/articles/" + std::to_string(id),
                          HttpClient::serialize(json::object{{"audience", "staff"}}))
                .status,
            200);
  EXPECT_TRUE(titles(*anon, "q=vault").empty()) << "staff-only now";
  EXPECT_TRUE(titles(*cora, "q=vault").empty());
  EXPECT_EQ(titles(*ada, "q=vault"), std::vector<std::string>{"Password vault"});
  ASSERT_EQ(admin
                ->request("PATCH", p + "/admin/kb/articles/" + std::to_string(id),
                          HttpClient::serialize(json::object{{"locale", "de"}}))
                .status,
            200);
  EXPECT_TRUE(titles(*ada, "q=vault").empty());
  EXPECT_EQ(titles(*ada, "q=vault&locale=de"), std::vector<std::string>{"Password vault"});
}

TEST_F(KbSearchTest, UnpublishedAndDeletedArticlesLeaveTheIndex) {
  std::int64_t id = publish("Printer setup", "Install the driver.");
  EXPECT_EQ(titles(*anon, "q=printer").size(), 1u);
  ASSERT_EQ(admin
                ->request("PATCH", p + "/admin/kb/articles/" + std::to_string(id),
                          HttpClient::serialize(json::object{{"status", "draft"}}))
                .status,
            200);
  EXPECT_TRUE(titles(*anon, "q=printer").empty());
  ASSERT_EQ(admin
                ->request("PATCH", p + "/admin/kb/articles/" + std::to_string(id),
                          HttpClient::serialize(
                              json::object{{"status", "published"}, {"title", "Scanner setup"}}))
                .status,
            200);
  EXPECT_EQ(titles(*anon, "q=scanner"), std::vector<std::string>{"Scanner setup"});
  EXPECT_TRUE(titles(*anon, "q=printer").empty());
  ASSERT_EQ(admin->request("DELETE", p + "/admin/kb/articles/" + std::to_string(id), "").status,
            204);
  EXPECT_TRUE(titles(*anon, "q=scanner").empty());
}

TEST_F(KbSearchTest, OneVotePerVisitorAndLaterVotesReplaceIt) {
  std::int64_t id = publish("Helpful?", "Body.");
  HttpResult first = vote(*anon, id, {{"helpful", true}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_NE(first.header("set-cookie").find("escalated_visitor="), std::string::npos);
  EXPECT_EQ(first.json().at("helpful"), true);
  HttpResult again = vote(*anon, id, {{"helpful", false}, {"comment", "  Step 2 is wrong. "}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("comment"), "Step 2 is wrong.");
  ASSERT_EQ(vote(*cora, id, {{"helpful", true}, {"comment", "Thanks"}}).status, 201);
  ASSERT_EQ(vote(*cora, id, {{"helpful", true}, {"comment", "Thanks!"}}).status, 200);

  json::value a = admin_article(id);
  EXPECT_EQ(a.at("feedback").at("helpful"), 1);
  EXPECT_EQ(a.at("feedback").at("not_helpful"), 1);
  EXPECT_EQ(a.at("feedback").at("needs_work"), false);
  const json::array& comments = a.at("feedback").at("comments").as_array();
  ASSERT_EQ(comments.size(), 2u);
  std::set<std::string> texts;
  for (const auto& c : comments) texts.insert(std::string(c.at("comment").as_string()));
  EXPECT_EQ(texts, (std::set<std::string>{"Step 2 is wrong.", "Thanks!"}));

  // Readers never see the counts.
  HttpResult page = anon->get(p + "/kb/articles/helpful");
  EXPECT_EQ(page.body.find("not_helpful"), std::string::npos);

  // Bad input names the field and writes nothing.
  HttpResult bad = vote(*anon, id, {{"comment", std::string(2001, 'x')}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"helpful", "comment"}));
  EXPECT_EQ(admin_article(id).at("feedback").at("not_helpful"), 1);
}

TEST_F(KbSearchTest, OnlyReadableArticlesTakeVotes) {
  std::int64_t staff_only = publish("Internal", "Staff.", "staff");
  HttpResult draft = admin->post_json(p + "/admin/kb/articles", {{"title", "D"}, {"body", "x"}});
  std::int64_t draft_id = draft.json().at("id").as_int64();
  EXPECT_EQ(vote(*anon, staff_only, {{"helpful", true}}).status, 404);
  EXPECT_EQ(vote(*cora, staff_only, {{"helpful", true}}).status, 404);
  EXPECT_EQ(vote(*ada, draft_id, {{"helpful", true}}).status, 404);
  EXPECT_EQ(vote(*anon, 999999, {{"helpful", true}}).status, 404);
  EXPECT_EQ(vote(*ada, staff_only, {{"helpful", true}}).status, 201);
}

TEST_F(KbSearchTest, PoorlyRatedArticlesAreListedAsNeedingWork) {
  std::int64_t poor = publish("Confusing", "Hard to follow.");
  std::int64_t good = publish("Clear", "Easy.");
  for (int i = 0; i < 3; ++i) {
    auto visitor = server.client();
    ASSERT_EQ(vote(*visitor, poor, {{"helpful", i == 0}}).status, 201);
    ASSERT_EQ(vote(*visitor, good, {{"helpful", true}}).status, 201);
  }
  HttpResult list = admin->get(p + "/admin/kb/articles?needs_work=1");
  ASSERT_EQ(list.status, 200) << list.body;
  json::value v = list.json();
  ASSERT_EQ(v.at("data").as_array().size(), 1u) << v;
  EXPECT_EQ(v.at("data").at(0).at("id"), poor);
  EXPECT_EQ(v.at("data").at(0).at("feedback").at("needs_work"), true);
  EXPECT_EQ(admin->get(p + "/admin/kb/articles?needs_work=2").status, 422);
}

}  // namespace
}  // namespace escalated::testing
