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

}  // namespace
}  // namespace escalated::security
