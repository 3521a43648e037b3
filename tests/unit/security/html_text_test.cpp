// HTML mail bodies as text: sanitised first, structure kept as lines.
#include "security/html_text.h"

#include <gtest/gtest.h>

namespace escalated::security {
namespace {

TEST(HtmlText, DropsScriptStyleAndHandlers) {
  std::string text = html_to_text(
      "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
      "<p onclick=\"x()\">Hello <b>there</b><script>document.cookie</script></p></body></html>");
  EXPECT_EQ(text, "Hello there");
}

TEST(HtmlText, KeepsLinesListsAndLinks) {
  EXPECT_EQ(
      html_to_text("<p>One</p><p>Two<br>Three</p><ul><li>a</li><li>b</li></ul>"
                   "<a href=\"https://x.example/\">site</a> <a href=\"javascript:x\">bad</a>"),
      "One\n\nTwo\nThree\n\n- a\n- b\nsite (https://x.example/) bad");
}

TEST(HtmlText, QuotesBlockquotesAndDecodesEntities) {
  EXPECT_EQ(
      html_to_text("<div>New &amp; improved &lt;3</div><blockquote>old<br>older</blockquote>"),
      "New & improved <3\n> old\n> older");
}

TEST(HtmlText, EmptyAndBrokenInput) {
  EXPECT_EQ(html_to_text(""), "");
  EXPECT_EQ(html_to_text("<p>unclosed <b>bold"), "unclosed bold");
  EXPECT_EQ(html_to_text(std::string("bad \xff byte")), "bad \xEF\xBF\xBD byte");
}

// Issue 13, item 2: output grew as lines x depth.
TEST(HtmlText, QuoteDepthAndOutputAreCapped) {
  auto nested = [](int depth, int lines) {
    std::string html;
    for (int i = 0; i < depth; ++i) html += "<blockquote>";
    html += "<pre>";
    for (int i = 0; i < lines; ++i) html += "x\n";
    return html + "</pre>";
  };
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "> ";
  // 100 levels: each line is written 16 deep.
  BoundedText quoted = html_to_bounded_text(nested(100, 3));
  EXPECT_FALSE(quoted.truncated);
  EXPECT_EQ(quoted.text, sixteen + "x\n" + sixteen + "x\n" + sixteen + "x");
  // 3,000 levels around 20,000 lines (the reported message): past the
  // sanitiser's depth cap the <pre> loses its tag, so the lines run into
  // one, and the result says it was flattened. 40 kB, not 120 MB.
  BoundedText all = html_to_bounded_text(nested(3000, 20000));
  EXPECT_TRUE(all.truncated);
  EXPECT_EQ(all.text.rfind(sixteen + "x x x", 0), 0u);
  EXPECT_EQ(all.text.find(sixteen + "> "), std::string::npos);
  EXPECT_LE(all.text.size(), 64u * 1024);

  std::string many_lines = nested(3, 20000);
  TextLimits small;
  small.max_bytes = 1000;
  small.max_quote_depth = 2;
  BoundedText cut = html_to_bounded_text(many_lines, small);
  EXPECT_TRUE(cut.truncated);
  EXPECT_LE(cut.text.size(), 1000u);
  EXPECT_EQ(cut.text.substr(0, 6), "> > x\n");

  TextLimits short_input;
  short_input.max_input_bytes = 10;
  BoundedText head = html_to_bounded_text("<p>0123456789abcdef</p>", short_input);
  EXPECT_TRUE(head.truncated);
  EXPECT_EQ(head.text, "0123456");
  // Within every cap nothing is cut.
  BoundedText plain = html_to_bounded_text("<p>a</p><p>b</p>");
  EXPECT_FALSE(plain.truncated);
  EXPECT_EQ(plain.text, "a\n\nb");
}

}  // namespace
}  // namespace escalated::security
