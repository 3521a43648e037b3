// Where the web UI is served: the site's root leads to it, and any client
// that does not ask for JSON gets it at the bare prefix and at paths no API
// route answers; API routes keep answering JSON.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

class WebUiServingTest : public ::testing::Test {
 protected:
  TestServer server;
  std::string p = server.prefix();

  static bool is_html(const HttpResult& r) {
    return r.header("content-type").find("text/html") != std::string::npos &&
           r.body.find("<html") != std::string::npos;
  }
};

TEST_F(WebUiServingTest, TheSiteRootRedirectsToTheUi) {
  auto c = server.client();
  for (const char* method : {"GET", "HEAD"}) {
    HttpResult r = c->request(method, "/", "");
    EXPECT_EQ(r.status, 302) << method;
    EXPECT_EQ(r.header("location"), p + "/") << method;
  }
  // Only the root: other paths outside the prefix stay unknown.
  EXPECT_EQ(c->get("/elsewhere").status, 404);
  EXPECT_EQ(c->request("POST", "/", "").status, 404);
}

TEST_F(WebUiServingTest, TheBarePrefixServesTheUiToAnyClientThatDoesNotAskForJson) {
  auto c = server.client();
  for (const std::string& path : {p, p + "/"}) {
    for (const char* accept : {"", "*/*", "text/html", "text/plain"}) {
      // "" sends no Accept header at all (the client's default is JSON).
      HttpResult r = c->get(path, {{"Accept", accept}});
      EXPECT_EQ(r.status, 200) << path << " " << accept;
      EXPECT_TRUE(is_html(r)) << path << " " << accept;
    }
  }
}

TEST_F(WebUiServingTest, UiPathsServeTheUiWhileApiRoutesAnswerJson) {
  auto c = server.client();
  // Pages only the UI knows: the single-page app, whose router shows them.
  // (A path an API route answers stays the API's unless the client prefers
  // text/html, as browsers do.)
  for (const std::string& path :
       {p + "/login", p + "/forgot-password", p + "/agent", p + "/no-such-page"}) {
    HttpResult r = c->get(path, {{"Accept", ""}});
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_TRUE(is_html(r)) << path;
  }
  // An API route answers as the API does, with or without an Accept header.
  HttpResult api = c->get(p + "/agent/tickets", {{"Accept", ""}});
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(api.header("content-type"), "application/problem+json");
  // A client that asks for JSON never gets the page.
  HttpResult unknown = c->get(p + "/no-such-page", {{"Accept", "application/json"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("content-type"), "application/problem+json");
  HttpResult problem = c->get(p + "/", {{"Accept", "application/problem+json"}});
  EXPECT_EQ(problem.status, 404);
  // A browser navigating still gets the page at an API path.
  HttpResult page = c->get(p + "/tickets", {{"Accept", "text/html,*/*;q=0.8"}});
  EXPECT_TRUE(is_html(page));
}

}  // namespace
}  // namespace escalated::testing
