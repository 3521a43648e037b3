// Bodies through the API: Markdown source kept as written in `description` /
// `body`, and `description_html` / `body_html` rendered safe (raw HTML off,
// then the allow-list sanitiser), whatever the author tried.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

// Nothing that runs script survives.
void expect_inert(const std::string& html) {
  std::string lower;
  for (char ch : html) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(lower.find("<script"), std::string::npos) << html;
  // As text ("javascript:alert(1)" shown as words) it is harmless; as an
  // attribute value it would run.
  EXPECT_EQ(lower.find("\"javascript:"), std::string::npos) << html;
  EXPECT_EQ(lower.find("=javascript:"), std::string::npos) << html;
  EXPECT_EQ(lower.find("<svg"), std::string::npos) << html;
  EXPECT_EQ(lower.find("<iframe"), std::string::npos) << html;
  EXPECT_EQ(lower.find(" onerror"), std::string::npos) << html;
  EXPECT_EQ(lower.find(" onload"), std::string::npos) << html;
  EXPECT_EQ(lower.find(" onclick"), std::string::npos) << html;
}

TEST(SafeContentTest, HostileMarkdownComesBackInertAndBenignMarkupSurvives) {
  TestServer server;
  std::string p = server.prefix();
  server.add_user("Cus", "cus@example.com", "customer");
  server.add_user("Ada", "ada@example.com", "agent");
  auto customer = server.signed_in("cus@example.com");
  auto agent = server.signed_in("ada@example.com");

  const std::vector<std::string> corpus = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](&#106;avascript:alert(1))",
      "<svg onload=alert(1)><circle r=5></circle></svg>",
      "<iframe src=\"https://evil.example\"></iframe>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<p onclick=\"alert(1)\">hi</p>",
      "![x](javascript:alert(1))",
      "<javascript:alert(1)>",
  };
  std::string description;
  for (const auto& item : corpus) description += item + "\n\n";
  description += "**bold** and `a < b`";
  HttpResult created = customer->post_json(
      p + "/tickets", json::object{{"subject", "XSS"}, {"description", description}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("description"), json::value(description));
  std::string html(created.json().at("description_html").as_string());
  expect_inert(html);
  EXPECT_NE(html.find("<strong>bold</strong>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>a &lt; b</code>"), std::string::npos) << html;
  std::string id = std::to_string(created.json().at("id").as_int64());

  // Replies and notes, one hostile item each, read back through the thread.
  for (const auto& item : corpus) {
    ASSERT_EQ(agent->post_json(p + "/agent/tickets/" + id + "/reply", json::object{{"body", item}})
                  .status,
              201);
  }
  ASSERT_EQ(agent
                ->post_json(p + "/agent/tickets/" + id + "/note",
                            json::object{{"body", "_note_ <b>x</b>"}})
                .status,
            201);
  json::value thread = agent->get(p + "/agent/tickets/" + id).json();
  const auto& replies = thread.at("replies").as_array();
  ASSERT_EQ(replies.size(), corpus.size() + 1);
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    EXPECT_EQ(replies[i].at("body"), json::value(corpus[i]));
    expect_inert(std::string(replies[i].at("body_html").as_string()));
  }
  std::string note(replies.back().at("body_html").as_string());
  EXPECT_NE(note.find("<em>note</em>"), std::string::npos) << note;
  EXPECT_EQ(note.find("<b>"), std::string::npos) << note;  // raw HTML is off
  // The customer's view carries the same safe HTML.
  json::value mine = customer->get(p + "/tickets/" + id).json();
  expect_inert(std::string(mine.at("description_html").as_string()));
}

}  // namespace
}  // namespace escalated::testing
