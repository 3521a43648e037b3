// The embeddable widget's script, GET {prefix}/widget.js (issue 19): the
// built file, as JavaScript, with its own CSP and a cache lifetime; loadable
// from other sites, with CORS answers only for Widget.AllowedOrigins; the
// app is not served in its place to a browser that opens it; 404 when the
// widget was not built.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

constexpr const char* kShop = "https://shop.example.com";
constexpr const char* kScript = "(function(){console.log('widget')})();\n";

// A stand-in build in a temporary directory.
std::filesystem::path make_root(bool with_widget) {
  auto dir = std::filesystem::temp_directory_path() /
             ("escalated_widget_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><html><body>app</body></html>";
  if (with_widget) std::ofstream(dir / "widget.js") << kScript;
  return dir;
}

class WidgetScriptTest : public ::testing::Test {
 protected:
  ~WidgetScriptTest() override { std::filesystem::remove_all(root); }
  std::filesystem::path root = make_root(true);
  TestServer server{[this](Options& o) {
    o.web_root = root.string();
    o.widget.allowed_origins = {kShop};
  }};
  std::string p = server.prefix();
};

TEST_F(WidgetScriptTest, ServedAsJavaScriptWithItsOwnPolicyAndCache) {
  auto c = server.client();
  HttpResult r = c->get(p + "/widget.js", {{"Accept", "*/*"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, kScript);
  EXPECT_EQ(r.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=3600");
  EXPECT_EQ(r.header("cross-origin-resource-policy"), "cross-origin");
  EXPECT_EQ(r.header("content-security-policy"),
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
            "sandbox");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  // Opened in a browser tab, it is still the script, not the app.
  HttpResult tab = c->get(p + "/widget.js", {{"Accept", "text/html,*/*;q=0.8"}});
  EXPECT_EQ(tab.status, 200);
  EXPECT_EQ(tab.body, kScript);
  EXPECT_EQ(tab.header("content-type"), "text/javascript; charset=utf-8");
}

TEST_F(WidgetScriptTest, CorsAnswersOnlyTheAllowedOrigins) {
  auto c = server.client();
  HttpResult shop = c->get(p + "/widget.js", {{"Origin", kShop}});
  ASSERT_EQ(shop.status, 200);
  EXPECT_EQ(shop.header("access-control-allow-origin"), kShop);
  EXPECT_EQ(shop.header("access-control-allow-credentials"), "");
  EXPECT_NE(shop.header("vary").find("Origin"), std::string::npos);

  // A classic <script src> needs no CORS: another site still loads it, but
  // is not told it may read it.
  HttpResult other = c->get(p + "/widget.js", {{"Origin", "https://evil.example.org"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.header("access-control-allow-origin"), "");
  EXPECT_NE(other.header("vary").find("Origin"), std::string::npos);

  HttpResult none = c->get(p + "/widget.js");
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.header("access-control-allow-origin"), "");
}

TEST(WidgetScriptNotBuilt, Is404) {
  auto root = make_root(false);
  {
    TestServer server([&](Options& o) { o.web_root = root.string(); });
    HttpResult r = server.client()->get(server.prefix() + "/widget.js");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace escalated::testing
