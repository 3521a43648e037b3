#include "security/markdown.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "security/html_sanitizer.h"

namespace escalated::security {
namespace {

const std::string kRel = " rel=\"noopener noreferrer nofollow\"";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Checks that `html` is made only of what the sanitiser may write: escaped
// text, allow-listed start tags with allow-listed double-quoted attributes,
// and end tags; and that no URL attribute carries a scheme it must not.
void expect_only_allowed_markup(const std::string& html) {
  static const std::map<std::string, std::set<std::string>> kAllowed = {
      {"p", {}},
      {"br", {}},
      {"hr", {}},
      {"h1", {}},
      {"h2", {}},
      {"h3", {}},
      {"h4", {}},
      {"h5", {}},
      {"h6", {}},
      {"strong", {}},
      {"b", {}},
      {"em", {}},
      {"i", {}},
      {"u", {}},
      {"s", {}},
      {"del", {}},
      {"code", {"class"}},
      {"pre", {}},
      {"blockquote", {}},
      {"ul", {}},
      {"ol", {"start"}},
      {"li", {}},
      {"a", {"href", "title", "rel"}},
      {"img", {"src", "alt", "title"}},
      {"table", {}},
      {"thead", {}},
      {"tbody", {}},
      {"tr", {}},
      {"th", {"colspan", "rowspan", "align"}},
      {"td", {"colspan", "rowspan", "align"}},
      {"span", {}},
      {"div", {}},
      {"sub", {}},
      {"sup", {}},
  };
  static const std::regex kTag(R"(^<(/?)([a-z0-9]+)((?: [a-z]+="[^"<>]*")*)( /)?>)");
  static const std::regex kAttribute(R"( ([a-z]+)="([^"]*)\")");
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    std::smatch tag;
    std::string rest = html.substr(i);
    ASSERT_TRUE(std::regex_search(rest, tag, kTag)) << "stray '<' in: " << html;
    std::string name = tag[2];
    ASSERT_TRUE(kAllowed.count(name)) << "<" << name << "> in: " << html;
    std::string attributes = tag[3];
    for (auto it = std::sregex_iterator(attributes.begin(), attributes.end(), kAttribute);
         it != std::sregex_iterator(); ++it) {
      std::string attribute = (*it)[1];
      std::string value = lower((*it)[2]);
      EXPECT_TRUE(kAllowed.at(name).count(attribute))
          << name << " " << attribute << " in: " << html;
      EXPECT_EQ(value.find("javascript:"), std::string::npos) << html;
      EXPECT_EQ(value.find("vbscript:"), std::string::npos) << html;
      if (attribute == "href") {
        EXPECT_NE(value.rfind("data:", 0), 0u) << html;
      }
    }
    i += tag.length(0);
  }
  std::string l = lower(html);
  EXPECT_EQ(l.find("<script"), std::string::npos) << html;
  EXPECT_EQ(l.find("<!--"), std::string::npos) << html;
}

TEST(MarkupChecker, NoticesWhatItLooksFor) {
  EXPECT_NONFATAL_FAILURE(expect_only_allowed_markup("<p onclick=\"x\">a</p>"), "onclick");
  EXPECT_NONFATAL_FAILURE(expect_only_allowed_markup("<a href=\"JavaScript:x\">a</a>"), "");
  EXPECT_NONFATAL_FAILURE(expect_only_allowed_markup("<a href=\"data:x\">a</a>"), "");
  EXPECT_FATAL_FAILURE(expect_only_allowed_markup("<script>x</script>"), "<script>");
  EXPECT_FATAL_FAILURE(expect_only_allowed_markup("a < b"), "stray");
  EXPECT_FATAL_FAILURE(expect_only_allowed_markup("<p title='x'>a</p>"), "stray");
}

// ---------------------------------------------------------------------------
// sanitize_html

TEST(SanitizeHtml, KeepsBenignMarkupExactly) {
  const std::string html =
      "<h2>Order 1234</h2>\n<p>Hello <strong>Ana</strong>, <em>thanks</em> &amp; <b>bye</b>"
      "<br />see <a href=\"https://example.com/o?id=1&amp;x=2\" title=\"Your order\">"
      "the order</a>.</p>\n<ul><li>one</li><li><code>a &lt; b</code></li></ul>"
      "<ol start=\"3\"><li>three</li></ol><blockquote><p>quoted</p></blockquote><hr />"
      "<pre><code class=\"language-cpp\">if (a &lt; b &amp;&amp; c) {}\n</code></pre>"
      "<p>H<sub>2</sub>O x<sup>2</sup> <u>u</u> <s>s</s> <del>d</del> <i>i</i> "
      "<span>span</span></p><div>div</div>"
      "<img src=\"https://example.com/logo.png\" alt=\"Logo\" title=\"Acme\" />";
  std::string expected = html;
  expected.replace(expected.find("\">the order"), 2, "\"" + kRel + ">");
  EXPECT_EQ(sanitize_html(html), expected);
}

TEST(SanitizeHtml, KeepsTablesWithCheckedCellAttributes) {
  EXPECT_EQ(sanitize_html("<table><thead><tr><th align=LEFT colspan=2>h</th></tr></thead>"
                          "<tbody><tr><td rowspan=\"2\" align=\"middle\" colspan=\"x\">1</td>"
                          "<td style=\"color:red\">2</td></tr></tbody></table>"),
            "<table><thead><tr><th align=\"left\" colspan=\"2\">h</th></tr></thead>"
            "<tbody><tr><td rowspan=\"2\">1</td><td>2</td></tr></tbody></table>");
  // The parser completes a table the way a browser would.
  EXPECT_EQ(sanitize_html("<table><tr><td>1"), "<table><tbody><tr><td>1</td></tr></tbody></table>");
}

TEST(SanitizeHtml, DropsDangerousElementsWithTheirContent) {
  EXPECT_EQ(sanitize_html("a<script>alert(1)</script>b"), "ab");
  EXPECT_EQ(sanitize_html("a<SCRIPT SRC=//evil.example/x.js></SCRIPT>b"), "ab");
  EXPECT_EQ(sanitize_html("a<style>body{background:url(javascript:x)}</style>b"), "ab");
  EXPECT_EQ(sanitize_html("a<iframe src=\"https://evil.example\">x</iframe>b"), "ab");
  EXPECT_EQ(sanitize_html("a<object data=x><param name=y></object>b"), "ab");
  EXPECT_EQ(sanitize_html("a<embed src=x.swf>b"), "ab");
  EXPECT_EQ(sanitize_html("a<svg onload=alert(1)><circle r=1 /></svg>b"), "ab");
  EXPECT_EQ(sanitize_html("a<svg><script>alert(1)</script><p>x</p></svg>b"), "ab");
  EXPECT_EQ(sanitize_html("a<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>b"), "ab");
  EXPECT_EQ(sanitize_html("a<template><img src=x onerror=alert(1)></template>b"), "ab");
  // Parsed as a browser without script would (the attribute holds the rest);
  // the open <p> makes the parser ignore </noscript>, so "b" goes with it.
  EXPECT_EQ(sanitize_html("a<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"
                          "</noscript>b"),
            "a");
  EXPECT_EQ(sanitize_html("<html><head><title>T</title><style>p{}</style></head>"
                          "<body><p>body</p></body></html>"),
            "<p>body</p>");
}

TEST(SanitizeHtml, KeepsOnlyTheTextOfOtherElements) {
  EXPECT_EQ(sanitize_html("<center><font color=red face=x>hi</font></center>"), "hi");
  EXPECT_EQ(sanitize_html("<x-widget onclick=alert(1)>t</x-widget>"), "t");
  EXPECT_EQ(sanitize_html("<form action=javascript:alert(1)><input value=v>"
                          "<button formaction=javascript:alert(1)>go</button></form>"),
            "go");
  EXPECT_EQ(sanitize_html("<textarea><b>not bold</b></textarea>"), "&lt;b&gt;not bold&lt;/b&gt;");
  EXPECT_EQ(sanitize_html("<base href=\"https://evil.example/\"><meta http-equiv=refresh "
                          "content=\"0;url=javascript:alert(1)\"><link rel=stylesheet href=x>ok"),
            "ok");
  EXPECT_EQ(sanitize_html("a<!-- comment -->b<!--> c"), "ab c");
}

TEST(SanitizeHtml, RemovesEventHandlersAndOtherAttributes) {
  EXPECT_EQ(sanitize_html("<img src=x onerror=alert(1)>"), "<img src=\"x\" />");
  EXPECT_EQ(sanitize_html("<IMG SRC=x ONERROR=\"alert(1)\">"), "<img src=\"x\" />");
  EXPECT_EQ(sanitize_html("<p onclick=\"alert(1)\" style=\"x\" class=\"c\" id=\"i\">a</p>"),
            "<p>a</p>");
  EXPECT_EQ(sanitize_html("<a href=\"https://ok.example\" onmouseover=alert(1) target=_self "
                          "rel=opener>x</a>"),
            "<a href=\"https://ok.example\"" + kRel + ">x</a>");
  // The slash does not end the value: this is a harmless relative path.
  EXPECT_EQ(sanitize_html("<img/src=x/onerror=alert(1)>"), "<img src=\"x/onerror=alert(1)\" />");
  EXPECT_EQ(sanitize_html("<div/onclick=alert(1)>d</div>"), "<div>d</div>");
  EXPECT_EQ(
      sanitize_html("<code class=\"x language-c\">y</code><code class=\"language-a\"b\">z</code>"),
      "<code>y</code><code class=\"language-a\">z</code>");
}

TEST(SanitizeHtml, QuotesCannotBreakOutOfAttributeValues) {
  EXPECT_EQ(sanitize_html("<a href=x title='a\" onmouseover=\"alert(1)'>q</a>"),
            "<a href=\"x\" title=\"a&quot; onmouseover=&quot;alert(1)\"" + kRel + ">q</a>");
  EXPECT_EQ(sanitize_html("<img alt=\"&quot;><script>alert(1)</script>\" src=y>"),
            "<img alt=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" src=\"y\" />");
  EXPECT_EQ(sanitize_html("<img src=\"x\"\" onerror=\"alert(1)\">"), "<img src=\"x\" />");
}

TEST(SanitizeHtml, EscapesTextAndKeepsEntitiesMeaningWhatTheySaid) {
  EXPECT_EQ(sanitize_html("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(sanitize_html("&amp;lt;b&amp;gt; \"q\" it's"), "&amp;lt;b&amp;gt; &quot;q&quot; it's");
  EXPECT_EQ(sanitize_html("1 < 2 > 0 & x"), "1 &lt; 2 &gt; 0 &amp; x");
  EXPECT_EQ(sanitize_html("caf&eacute; &#x2603; &nbsp;"), "caf\xc3\xa9 \xe2\x98\x83 \xc2\xa0");
  EXPECT_EQ(sanitize_html("a\xff"
                          "b"),
            "a\xef\xbf\xbd"
            "b");
}

TEST(SanitizeHtml, ClosesWhatWasLeftOpen) {
  EXPECT_EQ(sanitize_html("<p>unclosed <b>bold <i>both"),
            "<p>unclosed <b>bold <i>both</i></b></p>");
  EXPECT_EQ(sanitize_html("<b>x<p>y</b>z</p>"), "<b>x</b><p><b>y</b>z</p>");
  EXPECT_EQ(sanitize_html("<a href=\"https://a.example\">x"),
            "<a href=\"https://a.example\"" + kRel + ">x</a>");
  EXPECT_EQ(sanitize_html("<img src=\"x\" onerror=\"alert(1)"), "");
  EXPECT_EQ(sanitize_html("<p>a</p></div></p></b>b"), "<p>a</p><p></p>b");
}

TEST(SanitizeHtml, KeepsALeadingNewlineInPre) {
  // A parser drops one newline right after <pre>, so one that survived it
  // must be written twice to survive the browser's parse too.
  EXPECT_EQ(sanitize_html("<pre>\n\nx</pre>"), "<pre>\n\nx</pre>");
  EXPECT_EQ(sanitize_html("<pre>\nx</pre>"), "<pre>x</pre>");
}

TEST(SanitizeHtml, RejectsScriptUrlsInEveryDisguise) {
  const std::vector<std::string> hrefs = {
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "\x01\x02javascript:alert(1)",
      "&#x01;javascript:alert(1)",
      "&#14;  javascript:alert(1)",
      "java\tscript:alert(1)",
      "java&#x09;script:alert(1)",
      "java&Tab;script:alert(1)",
      "java&NewLine;script:alert(1)",
      "java\nscript:alert(1)",
      "java\rscript:alert(1)",
      "&#106;avascript:alert(1)",
      "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
      "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
      "&#0000116&#0000058alert(1)",
      "javascript&colon;alert(1)",
      "javascript&#58;alert(1)",
      "vbscript:msgbox(1)",
      "VBScript:msgbox(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "DATA:text/html,<script>alert(1)</script>",
      "data:image/png;base64,iVBORw0KGgo=",  // images only, not links
      "file:///etc/passwd",
      "livescript:alert(1)",
      std::string("java\0script:alert(1)", 20),
      "jav&#x0A;ascript:alert(1)",
      "",
      "   ",
  };
  for (const std::string& href : hrefs) {
    for (const char* quote : {"\"", "'", ""}) {
      std::string html = "<a href=" + std::string(quote) + href + quote + ">x</a>";
      std::string out = sanitize_html(html);
      // Unquoted, a value ends at whitespace or '>'; only the shape is checked.
      if (*quote != '\0') {
        EXPECT_EQ(out, "<a" + kRel + ">x</a>") << html;
      }
      expect_only_allowed_markup(out);
    }
  }
}

TEST(SafeUrl, AllowsWebMailAndRelativeUrls) {
  EXPECT_EQ(safe_url("https://example.com/a?b=c#d", UrlUse::kLink), "https://example.com/a?b=c#d");
  EXPECT_EQ(safe_url("HTTP://example.com", UrlUse::kLink), "HTTP://example.com");
  EXPECT_EQ(safe_url("mailto:ana@example.com?subject=Hi", UrlUse::kLink),
            "mailto:ana@example.com?subject=Hi");
  EXPECT_EQ(safe_url("/tickets/5", UrlUse::kLink), "/tickets/5");
  EXPECT_EQ(safe_url("tickets/5?x=a:b", UrlUse::kLink), "tickets/5?x=a:b");
  EXPECT_EQ(safe_url("#reply", UrlUse::kLink), "#reply");
  EXPECT_EQ(safe_url("//cdn.example.com/x.png", UrlUse::kImage), "//cdn.example.com/x.png");
  EXPECT_EQ(safe_url("  https://example.com/\n", UrlUse::kLink), "https://example.com/");
  EXPECT_EQ(safe_url("https://exa\tmple.com/", UrlUse::kLink), "https://example.com/");
}

TEST(SafeUrl, AllowsInlineAndRasterDataImagesOnlyAsImages) {
  EXPECT_EQ(safe_url("cid:part1.abc@example.com", UrlUse::kImage), "cid:part1.abc@example.com");
  EXPECT_FALSE(safe_url("cid:part1.abc@example.com", UrlUse::kLink));
  for (const char* type : {"png", "gif", "jpeg", "webp", "PNG"}) {
    std::string url = std::string("data:image/") + type + ";base64,iVBORw0KGgo=";
    EXPECT_EQ(safe_url(url, UrlUse::kImage), url);
    EXPECT_FALSE(safe_url(url, UrlUse::kLink));
  }
  EXPECT_FALSE(safe_url("data:image/svg+xml;base64,PHN2Zz4=", UrlUse::kImage));
  EXPECT_FALSE(safe_url("data:image/png,rawbytes", UrlUse::kImage));
  EXPECT_FALSE(safe_url("data:image/png;base64,", UrlUse::kImage));
  EXPECT_FALSE(safe_url("data:image/png;base64,AAA\"onerror=x", UrlUse::kImage));
  EXPECT_FALSE(safe_url("data:text/html;base64,PHNjcmlwdD4=", UrlUse::kImage));
  EXPECT_FALSE(safe_url("mailto:a@example.com", UrlUse::kImage));
}

TEST(SafeUrl, RefusesEverythingThatCouldBeAnotherScheme) {
  for (std::string url : {"javascript:alert(1)",
                          "JAVASCRIPT:alert(1)",
                          "\x7fjavascript:x",
                          " \x1f javascript:x",
                          "java\tscript:x",
                          "java\r\nscript:x",
                          "vbscript:x",
                          "data:text/html,x",
                          "file:///etc/passwd",
                          "ftp://x",
                          "about:blank",
                          "blob:https://x/1",
                          "x-unknown:y",
                          "java%73cript:x",
                          "java script:x",
                          "https\x01:x",
                          "tel:123",
                          ":x",
                          "",
                          " \t\n"}) {
    EXPECT_FALSE(safe_url(url, UrlUse::kLink)) << url;
    EXPECT_FALSE(safe_url(url, UrlUse::kImage)) << url;
  }
  const std::string nul("\0javascript:x", 13);
  EXPECT_FALSE(safe_url(nul, UrlUse::kLink));
  EXPECT_FALSE(safe_url(std::string("java\0script:x", 14), UrlUse::kLink));
}

TEST(SanitizeHtml, ImagesAcceptInlineAndRasterDataSources) {
  EXPECT_EQ(sanitize_html("<img src=\"cid:logo@x\" alt=l>"),
            "<img src=\"cid:logo@x\" alt=\"l\" />");
  EXPECT_EQ(sanitize_html("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"),
            "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" />");
  EXPECT_EQ(sanitize_html("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">"), "<img />");
  EXPECT_EQ(sanitize_html("<img src=\"javascript:alert(1)\">"), "<img />");
  EXPECT_EQ(sanitize_html("<a href=\"cid:x\">x</a>"), "<a" + kRel + ">x</a>");
}

const std::vector<std::string>& xss_corpus() {
  static const std::vector<std::string> corpus = {
      "<script>alert(1)</script>",
      "<ScRiPt>alert(1)</sCrIpT>",
      "<script/x>alert(1)</script>",
      "<<script>alert(1);//<</script>",
      "<img src=x onerror=alert(1)>",
      "<img src=\"x\" onerror=\"alert(1)\" />",
      "<img src=`x` onerror=alert(1)>",
      "<svg onload=alert(1)>",
      "<svg/onload=alert(1)>",
      "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
      "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>X</text></a></svg>",
      "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>X</maction></math>",
      "<body onload=alert(1)>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
      "<object data=\"javascript:alert(1)\">",
      "<embed src=\"javascript:alert(1)\">",
      "<style>@import 'javascript:alert(1)';</style>",
      "<link rel=stylesheet href=\"javascript:alert(1)\">",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<a href=\"&#106;avascript:alert(1)\">x</a>",
      "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
      "<a href=\" &#14;  javascript:alert(1)\">x</a>",
      "<a href=\"javascript&colon;alert(1)\">x</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
      "<a href=\"vbscript:msgbox(1)\">x</a>",
      "<a href=x onclick=alert(1)>x</a>",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<div style=\"width:expression(alert(1))\">x</div>",
      "<p title=\"</p><script>alert(1)</script>\">x</p>",
      "<p title='x' onmouseover='alert(1)'>x</p>",
      "<p \"onclick=alert(1)\">x</p>",
      "<table background=\"javascript:alert(1)\"><tr><td onclick=alert(1)>x</td></tr></table>",
      "<form><button formaction=javascript:alert(1)>x</button></form>",
      "<input onfocus=alert(1) autofocus>",
      "<details open ontoggle=alert(1)>",
      "<marquee onstart=alert(1)>x</marquee>",
      "<video><source onerror=alert(1)></video>",
      "<audio src=x onerror=alert(1)>",
      "<base href=\"javascript:alert(1)//\">",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
      "<xmp><img src=x onerror=alert(1)></xmp>",
      "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>",
      "<template><script>alert(1)</script></template>",
      "<!--<img src=x onerror=alert(1)>-->",
      "<!--><img src=x onerror=alert(1)>-->",
      "<![CDATA[<img src=x onerror=alert(1)>]]>",
      "<?xml version=\"1.0\"?><img src=x onerror=alert(1)>",
      "<img src=x onerror=alert(1)//",
      "<img src=\"x\" onerror=\"alert(1)",
      "<a href=\"https://ok.example\"\nonclick=alert(1)>x</a>",
      "<a href=\"https://ok.example\"/onclick=alert(1)>x</a>",
      "<img src=x:alert(1) onerror=eval(src)>",
      "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>",
      "&#60;script&#62;alert(1)&#60;/script&#62;",
      "<a href=\"\\x6Aavascript:alert(1)\">x</a>",
      "<scr<script>ipt>alert(1)</scr</script>ipt>",
      "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
      "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
  };
  return corpus;
}

TEST(SanitizeHtml, XssCorpusLeavesNothingActive) {
  for (const std::string& html : xss_corpus()) {
    std::string out = sanitize_html(html);
    expect_only_allowed_markup(out);
    // Whatever is left is stable: sanitising it again changes nothing.
    EXPECT_EQ(sanitize_html(out), out) << html;
  }
}

TEST(SanitizeHtml, PathologicalInputFallsBackToEscapedText) {
  // Formatting elements re-opened after every block: without the parser's
  // memory ceiling these 45 kB would build a tree of 1.5 GB.
  std::string amplifier = "<div>";
  for (int i = 0; i < 2000; ++i) amplifier += "<b id=" + std::to_string(i) + ">";
  amplifier += "</div>";
  for (int i = 0; i < 2000; ++i) amplifier += "<div>x</div>";
  std::string out = sanitize_html(amplifier);
  EXPECT_EQ(out.rfind("<pre>&lt;div&gt;&lt;b id=0&gt;", 0), 0u);
  std::size_t brackets = 0;
  for (char c : amplifier) brackets += c == '<' || c == '>';
  EXPECT_EQ(out.size(), amplifier.size() + 3 * brackets + 11);
  EXPECT_FALSE(try_sanitize_html(amplifier));

  // 60 000 nested blocks: quadratic in the parser (about ten seconds),
  // stopped by its deadline (under one).
  std::string deep;
  for (int i = 0; i < 60'000; ++i) deep += "<blockquote>";
  EXPECT_EQ(sanitize_html(deep).rfind("<pre>&lt;blockquote&gt;", 0), 0u);

  EXPECT_EQ(escape_as_preformatted("\na<b>\xff"), "<pre>\n\na&lt;b&gt;\xef\xbf\xbd</pre>");
}

TEST(SanitizeHtml, ModerateNestingIsFine) {
  std::string html;
  for (int i = 0; i < 200; ++i) html += "<div>";
  html += "x";
  std::string expected = html;
  for (int i = 0; i < 200; ++i) expected += "</div>";
  EXPECT_EQ(sanitize_html(html), expected);
}

// Issue 13, item 2: the sanitiser's depth cap.
TEST(SanitizeHtml, NestingPastTheDepthCapKeepsItsTextNotItsTags) {
  std::string html;
  for (int i = 0; i < 300; ++i) html += "<div>";
  html += "x";
  std::string expected;
  for (int i = 0; i < 256; ++i) expected += "<div>";
  expected += "x";
  for (int i = 0; i < 256; ++i) expected += "</div>";
  EXPECT_EQ(sanitize_html(html), expected);
}

// ---------------------------------------------------------------------------
// render_markdown

TEST(RenderMarkdown, RendersCommonMarkExactly) {
  EXPECT_EQ(render_markdown("Hello *world* and **you** with `a<b`"),
            "<p>Hello <em>world</em> and <strong>you</strong> with <code>a&lt;b</code></p>\n");
  EXPECT_EQ(render_markdown("```c++\nif (a < b && c) {}\n```\n"),
            "<pre><code class=\"language-c++\">if (a &lt; b &amp;&amp; c) {}\n</code></pre>\n");
  EXPECT_EQ(render_markdown("    <script>alert(1)</script>\n"),
            "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n");
  EXPECT_EQ(render_markdown("- one\n- two\n\n3. three\n4. four\n"),
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start=\"3\">\n<li>three</li>\n"
            "<li>four</li>\n</ol>\n");
  EXPECT_EQ(render_markdown("# Title\n\n> quote\n\n---\n\nline  \nbreak\n"),
            "<h1>Title</h1>\n<blockquote>\n<p>quote</p>\n</blockquote>\n<hr />\n"
            "<p>line<br />\nbreak</p>\n");
  EXPECT_EQ(render_markdown("[docs](https://example.com/a?b=1&c=2 \"The \\\"docs\\\"\")"),
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"The &quot;docs&quot;\"" +
                kRel + ">docs</a></p>\n");
  EXPECT_EQ(render_markdown("<https://example.com> and <ana@example.com>"),
            "<p><a href=\"https://example.com\"" + kRel +
                ">https://example.com</a> and "
                "<a href=\"mailto:ana@example.com\"" +
                kRel + ">ana@example.com</a></p>\n");
  EXPECT_EQ(render_markdown("![logo](/logo.png \"Acme\")"),
            "<p><img src=\"/logo.png\" alt=\"logo\" title=\"Acme\" /></p>\n");
  EXPECT_EQ(render_markdown("caf\xc3\xa9 \xe2\x98\x83 &amp; &copy; \"q\""),
            "<p>caf\xc3\xa9 \xe2\x98\x83 &amp; \xc2\xa9 &quot;q&quot;</p>\n");
  EXPECT_EQ(render_markdown(""), "");
}

TEST(RenderMarkdown, HasNoTablesOrStrikethrough) {
  // Plain CommonMark: GitHub's extensions stay text.
  EXPECT_EQ(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "<p>| a | b |\n|---|---|\n| 1 | 2 |</p>\n");
  EXPECT_EQ(render_markdown("~~gone~~"), "<p>~~gone~~</p>\n");
}

TEST(RenderMarkdown, OmitsRawHtml) {
  EXPECT_EQ(render_markdown("hello <b onclick=alert(1)>bold</b>"), "<p>hello bold</p>\n");
  EXPECT_EQ(render_markdown("<script>alert(1)</script>"), "\n");
  EXPECT_EQ(render_markdown("<img src=x onerror=alert(1)>"), "\n");
  EXPECT_EQ(render_markdown("<div onclick=\"alert(1)\">\n*hi*\n</div>\n"), "\n");
  EXPECT_EQ(render_markdown("a <!-- c --> b"), "<p>a  b</p>\n");
  // Not a tag in CommonMark, so it is text.
  EXPECT_EQ(render_markdown("<svg/onload=alert(1)>"), "<p>&lt;svg/onload=alert(1)&gt;</p>\n");
}

TEST(RenderMarkdown, DropsScriptUrlsFromLinksAndImages) {
  const std::string empty_link = "<p><a" + kRel + ">x</a></p>\n";
  EXPECT_EQ(render_markdown("[x](javascript:alert(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x](JaVaScRiPt:alert(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x](  javascript:alert(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x](&#106;avascript:alert(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x](javascript&#58;alert(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x](<javascript:alert(1)>)"), empty_link);
  EXPECT_EQ(render_markdown("[x](vbscript:msgbox(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x](data:text/html;base64,PHNjcmlwdD4=)"), empty_link);
  EXPECT_EQ(render_markdown("[x](data:image/png;base64,iVBORw0KGgo=)"), empty_link);
  EXPECT_EQ(render_markdown("[x](file:///etc/passwd)"), empty_link);
  EXPECT_EQ(render_markdown("[x](java%0Ascript:alert(1))"), empty_link);
  EXPECT_EQ(render_markdown("[x][r]\n\n[r]: javascript:alert(1)"), empty_link);
  EXPECT_EQ(render_markdown("<javascript:alert(1)>"),
            "<p><a" + kRel + ">javascript:alert(1)</a></p>\n");
  EXPECT_EQ(render_markdown("![i](javascript:alert(1))"), "<p><img alt=\"i\" /></p>\n");
  EXPECT_EQ(render_markdown("![i](data:image/png;base64,iVBORw0KGgo=)"),
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"i\" /></p>\n");
  // Quotes in the alt text or URL stay inside the attribute.
  EXPECT_EQ(render_markdown("![x\" onerror=\"alert(1)](y)"),
            "<p><img src=\"y\" alt=\"x&quot; onerror=&quot;alert(1)\" /></p>\n");
  EXPECT_EQ(render_markdown("[x](<https://a.example/\" onclick=\"alert(1)>)"),
            "<p><a href=\"https://a.example/%22%20onclick=%22alert(1)\"" + kRel + ">x</a></p>\n");
}

TEST(RenderMarkdown, XssCorpusLeavesNothingActive) {
  std::vector<std::string> corpus = xss_corpus();
  for (const char* markdown :
       {"[x](javascript:alert(1))", "[x](javascript:alert`1`)", "[x]( javascript:alert(1) )",
        "[x](JAVASCRIPT:alert(1) \"t\")", "<javascript:alert(1)>", "<vbscript:msgbox(1)>",
        "![x](javascript:alert(1))", "[![img](x.png)](javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)", "[a](\"onclick=\"alert(1))",
        "[x](#\"onmouseover=\"alert(1))", "**<img src=x onerror=alert(1)>**",
        "`<script>` <script>alert(1)</script>", "> <iframe src=javascript:alert(1)>",
        "- <a href=\"javascript:alert(1)\">x</a>", "<details ontoggle=alert(1) open>",
        "[x]: javascript:alert(1)\n\n[x]"}) {
    corpus.push_back(markdown);
  }
  for (const std::string& markdown : corpus) {
    std::string out = render_markdown(markdown);
    expect_only_allowed_markup(out);
  }
}

TEST(RenderMarkdown, NestingBeyondTheLimitIsShownAsSource) {
  // Document, 98 quotes and a paragraph: 100 levels, the most allowed.
  std::string quotes(2 * 98, ' ');
  for (std::size_t i = 0; i < quotes.size(); i += 2) quotes[i] = '>';
  std::string out = render_markdown(quotes + "x");
  EXPECT_EQ(out.rfind("<blockquote>\n<blockquote>\n", 0), 0u);
  EXPECT_NE(out.find("<p>x</p>"), std::string::npos);
  // One more is too deep.
  EXPECT_EQ(render_markdown("> " + quotes + "x"), escape_as_preformatted("> " + quotes + "x"));
  EXPECT_EQ(escape_as_preformatted("> > x"), "<pre>&gt; &gt; x</pre>");

  // Emphasis nests too, and 50 000 levels of it would cost the HTML parser
  // seconds.
  std::string stars(50'000, '*');
  EXPECT_EQ(render_markdown(stars + "a" + stars), "<pre>" + stars + "a" + stars + "</pre>");
}

}  // namespace
}  // namespace escalated::security
