// HTTP behaviour that holds on every route: the prefix, content negotiation,
// errors as problem documents, limits, security headers, keep-alive.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class ServerTest : public ::testing::Test {
 protected:
  TestServer server;
  std::string p = server.prefix();
};

TEST_F(ServerTest, PathsOutsideThePrefixAre404) {
  auto c = server.client();
  EXPECT_EQ(c->get("/tickets").status, 404);
  EXPECT_EQ(c->get("/supportx/tickets").status, 404);
  HttpResult r = c->get(p + "/no-such-route", {{"Accept", "application/json"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json().at("status").as_int64(), 404);
  EXPECT_TRUE(r.json().as_object().contains("title"));
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  HttpResult r = server.client()->request("DELETE", p + "/auth/login", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST");
}

TEST_F(ServerTest, HeadAnswersLikeGetWithoutABody) {
  server.add_user("Cus", "cus@example.com", "customer");
  auto c = server.signed_in("cus@example.com");
  HttpResult get = c->get(p + "/auth/me");
  HttpResult head = c->request("HEAD", p + "/auth/me", "");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.header("content-type"), "application/json");
}

TEST_F(ServerTest, UnauthenticatedIs401) {
  auto c = server.client();
  EXPECT_EQ(c->get(p + "/tickets").status, 401);
  EXPECT_EQ(c->get(p + "/agent/tickets").status, 401);
  EXPECT_EQ(c->get(p + "/admin/tags").status, 401);
}

TEST_F(ServerTest, BrowsersNavigatingGetHtml) {
  auto c = server.client();
  HttpResult html =
      c->get(p + "/tickets", {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  EXPECT_EQ(html.status, 200);
  EXPECT_NE(html.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(html.body.find("<html"), std::string::npos);
  HttpResult api = c->get(p + "/tickets", {{"Accept", "application/json"}});
  EXPECT_EQ(api.status, 401);
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  for (const std::string& path : {p + "/tickets", p + "/nothing", std::string("/elsewhere")}) {
    HttpResult r = server.client()->get(path);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(r.header("x-frame-options"), "DENY") << path;
    EXPECT_NE(r.header("content-security-policy").find("default-src 'self'"), std::string::npos);
    EXPECT_EQ(r.header("content-security-policy").find("unsafe-inline"), std::string::npos);
  }
}

TEST_F(ServerTest, OversizedBodiesAre413AndWriteNothing) {
  server.add_user("Cus", "cus@example.com", "customer");
  auto c = server.signed_in("cus@example.com");
  std::string huge(2 * 1024 * 1024, 'x');
  std::string body = HttpClient::serialize(json::object{{"subject", "big"}, {"description", huge}});
  // As curl does for large bodies: the server refuses before the body is sent.
  HttpResult r = c->post(p + "/tickets", body, {{"Expect", "100-continue"}});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto fresh = server.signed_in("cus@example.com");
  EXPECT_EQ(fresh->get(p + "/tickets").json().at("data").as_array().size(), 0u);
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  HttpResult r = server.client()->get(p + "/auth/me", {{"X-Filler", std::string(20000, 'a')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
}

TEST_F(ServerTest, TestClockRoutes) {
  auto c = server.client();
  HttpResult set = c->post_json(p + "/_test/clock", json::object{{"now", "2026-03-29T00:30:00Z"}});
  ASSERT_EQ(set.status, 200);
  EXPECT_EQ(set.json().at("now").as_string(), "2026-03-29T00:30:00Z");
  HttpResult moved = c->post_json(p + "/_test/clock", json::object{{"advance_seconds", 90}});
  EXPECT_EQ(moved.json().at("now").as_string(), "2026-03-29T00:31:30Z");
  EXPECT_EQ(c->post_json(p + "/_test/clock", json::object{{"now", "yesterday"}}).status, 422);
  EXPECT_EQ(c->post(p + "/_test/run-jobs", "").status, 200);
}

TEST_F(ServerTest, TestClockStaysWhereRfc3339CanWriteIt) {
  auto c = server.client();
  ASSERT_EQ(c->post_json(p + "/_test/clock", json::object{{"now", "2026-03-29T00:30:00Z"}}).status,
            200);
  for (double seconds : {-1e18, -1e10, 1e12, 1e300}) {
    HttpResult r = c->post_json(p + "/_test/clock", json::object{{"advance_seconds", seconds}});
    EXPECT_EQ(r.status, 422) << seconds << ": " << r.body;
    EXPECT_EQ(error_fields(r), std::set<std::string>{"advance_seconds"}) << r.body;
  }
  HttpResult text = c->post_json(p + "/_test/clock", json::object{{"advance_seconds", "90"}});
  EXPECT_EQ(error_fields(text), std::set<std::string>{"advance_seconds"}) << text.body;
  // Nothing moved, and a fractional advance still works.
  HttpResult moved = c->post_json(p + "/_test/clock", json::object{{"advance_seconds", 0.5}});
  EXPECT_EQ(moved.json().at("now").as_string(), "2026-03-29T00:30:00.500Z");
}

TEST(ServerWithoutTestClock, TestRoutesDoNotExist) {
  TestServer server([](Options& o) { o.test_clock = false; });
  auto c = server.client();
  EXPECT_EQ(
      c->post_json(server.prefix() + "/_test/clock", json::object{{"now", "2026-03-29T00:30:00Z"}})
          .status,
      404);
  EXPECT_EQ(c->post(server.prefix() + "/_test/run-jobs", "").status, 404);
}

TEST(ServerPrefix, ConfiguredPrefixMountsEverything) {
  TestServer server([](Options& o) { o.route_prefix = "helpdesk/v1"; });
  server.add_user("Cus", "cus@example.com", "customer");
  auto c = server.client();
  EXPECT_EQ(c->login("/helpdesk/v1", "cus@example.com", "correct horse battery").status, 200);
  EXPECT_EQ(c->get("/helpdesk/v1/tickets").status, 200);
  EXPECT_EQ(c->get("/support/tickets").status, 404);
}

// The built web UI: a stand-in build in a temporary directory, served under
// another prefix than the one it was built for.
class WebUiTest : public ::testing::Test {
 protected:
  static std::filesystem::path make_root() {
    auto dir = std::filesystem::temp_directory_path() /
               ("escalated_web_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir / "assets");
    std::ofstream(dir / "index.html")
        << "<!doctype html><html><head><script type=\"module\" "
           "src=\"/support/assets/app-1a2b.js\"></script></head><body></body></html>";
    std::ofstream(dir / "assets" / "app-1a2b.js") << "console.log(1)";
    std::ofstream(dir / "assets" / "app-1a2b.css") << "body{}";
    std::ofstream(dir / "secret.txt") << "not an asset";
    return dir;
  }
  ~WebUiTest() override { std::filesystem::remove_all(root); }
  std::filesystem::path root = make_root();
  TestServer server{[this](Options& o) {
    o.route_prefix = "help";
    o.web_root = root.string();
  }};
};

TEST_F(WebUiTest, NavigationsGetTheAppWithAssetsUnderThePrefix) {
  auto c = server.client();
  for (const char* path : {"/help/", "/help/agent/tickets/ESC-00001", "/help/login"}) {
    HttpResult r = c->get(path, {{"Accept", "text/html,*/*;q=0.8"}});
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("src=\"/help/assets/app-1a2b.js\""), std::string::npos) << r.body;
    EXPECT_EQ(r.header("cache-control"), "no-store");
  }
  EXPECT_EQ(c->get("/help/tickets", {{"Accept", "application/json"}}).status, 401);
}

TEST_F(WebUiTest, AssetsAreServedWithTypeAndLongCache) {
  auto c = server.client();
  HttpResult js = c->get("/help/assets/app-1a2b.js", {{"Accept", "*/*"}});
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.header("x-content-type-options"), "nosniff");
  HttpResult css = c->get("/help/assets/app-1a2b.css", {{"Accept", "text/css,*/*;q=0.1"}});
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(c->request("HEAD", "/help/assets/app-1a2b.css", "").status, 200);
  EXPECT_EQ(c->get("/help/assets/missing.js").status, 404);
  EXPECT_EQ(c->post("/help/assets/app-1a2b.js", "").status, 404);
}

TEST_F(WebUiTest, PathTraversalIsRefused) {
  auto c = server.client();
  for (const char* path :
       {"/help/assets/..%2Fsecret.txt", "/help/assets/%2e%2e/secret.txt",
        "/help/assets/../secret.txt", "/help/assets/..%5Csecret.txt", "/help/assets/",
        "/help/assets/..", "/help/assets/%2e%2e%2findex.html"}) {
    HttpResult r = c->get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("not an asset"), std::string::npos) << path;
  }
}

TEST(WebUiNotBuilt, NavigationsGetAPlaceholderThatSaysHow) {
  TestServer server([](Options& o) { o.web_root = "/nonexistent/escalated-web"; });
  HttpResult r = server.client()->get(server.prefix() + "/", {{"Accept", "text/html"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("not built"), std::string::npos);
  EXPECT_EQ(server.client()->get(server.prefix() + "/assets/x.js").status, 404);
}

TEST_F(ServerTest, ConcurrentClientsAllSucceed) {
  server.add_user("Cus", "cus@example.com", "customer");
  constexpr int kThreads = 6, kEach = 15;
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto c = server.signed_in("cus@example.com");
      for (int i = 0; i < kEach; ++i) {
        if (c->post_json(p + "/tickets", json::object{{"subject", "s"}, {"description", "d"}})
                .status == 201)
          ++created;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), kThreads * kEach);
  auto c = server.signed_in("cus@example.com");
  json::value page = c->get(p + "/tickets?limit=100").json();
  EXPECT_EQ(page.at("data").as_array().size(), 90u);
  // References are unique and dense.
  std::set<std::string> refs;
  for (const auto& t : page.at("data").as_array())
    refs.insert(std::string(t.at("reference").as_string()));
  EXPECT_EQ(refs.size(), 90u);
}

}  // namespace
}  // namespace escalated::testing

namespace escalated::testing {
namespace {

TEST(ServerOptionsFrom, ReadsListenAndRefusesNonsense) {
  Options o;
  o.listen = "0.0.0.0:9000";
  o.threads = 7;
  ServerOptions s = server_options_from(o);
  EXPECT_EQ(s.host, "0.0.0.0");
  EXPECT_EQ(s.port, 9000);
  EXPECT_EQ(s.threads, 7);
  o.listen = "[::1]:0";
  EXPECT_EQ(server_options_from(o).host, "::1");
  for (const char* bad : {"8080", "host:", ":80", "host:99999", "host:80x", "host:-1"}) {
    o.listen = bad;
    EXPECT_THROW(server_options_from(o), ConfigError) << bad;
  }
}

}  // namespace
}  // namespace escalated::testing
