// Issue 13, item 9: body limits per route, applied by the transport once the
// header is read and before any of the body is: routes anyone may call take
// at most 64 KiB, multipart/form-data goes only to the routes that declare
// it (the attachment routes), 413 / 415 problem+json otherwise.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/builders.h"
#include "support/raw_http.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

class RouteBodyLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Ann Example", "ann@example.com", "customer");
    server.add_user("Agnes Agent", "agnes@example.com", "agent");
    ann = server.signed_in("ann@example.com");
    agent = server.signed_in("agnes@example.com");
  }
  // The status code of a raw answer ("HTTP/1.1 413 ...").
  static std::string status_of(const std::string& answer) {
    return answer.size() >= 12 && answer.rfind("HTTP/1.1 ", 0) == 0 ? answer.substr(9, 3) : answer;
  }

  TestServer server;
  Build make{server};
  std::string p = server.prefix();
  std::unique_ptr<HttpClient> ann, agent;
};

TEST_F(RouteBodyLimitsTest, PublicRoutesTake64KiBAndSayNoBeforeTheBody) {
  // Declared over 64 KiB: refused from the header alone.
  for (const char* route : {"/auth/login", "/auth/register", "/auth/password/forgot",
                            "/widget/tickets", "/widget/tickets/find"}) {
    std::string answer =
        answer_to_head(server.base_url(), post_head(p + route, "application/json", 64 * 1024 + 1),
                       milliseconds(3000));
    EXPECT_EQ(status_of(answer), "413") << route << answer;
    EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << answer;
  }
  // 64 KiB exactly: the server waits for the body.
  EXPECT_EQ(
      answer_to_head(server.base_url(), post_head(p + "/auth/login", "application/json", 64 * 1024),
                     milliseconds(300)),
      "");
  // Sent in full, the same (the client sees the problem document).
  std::string big = json::serialize(json::object{{"name", "Guest"},
                                                 {"email", "guest@example.com"},
                                                 {"subject", "Big"},
                                                 {"description", std::string(70 * 1024, 'x')}});
  HttpResult r =
      server.client()->post(p + "/widget/tickets", big, {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(agent->get(p + "/agent/tickets").json().at("data").as_array().size(), 0u);
}

TEST_F(RouteBodyLimitsTest, SignedInRoutesTakeMoreThanThePublicLimit) {
  std::int64_t id = make.ticket(*ann);
  // 100 KiB of JSON reaches the handler, which judges the field (422), not
  // the transport.
  HttpResult note = agent->post_json(p + "/agent/tickets/" + std::to_string(id) + "/note",
                                     json::object{{"body", std::string(100 * 1024, 'n')}});
  EXPECT_EQ(note.status, 422) << note.body;
  EXPECT_NE(note.body.find("body"), std::string::npos);
}

TEST_F(RouteBodyLimitsTest, MultipartGoesOnlyToTheRoutesThatDeclareIt) {
  std::int64_t id = make.ticket(*ann);
  std::string ticket = p + "/agent/tickets/" + std::to_string(id);
  // From the header alone, before any of the body (nor who sends it) is read.
  std::string answer = answer_to_head(
      server.base_url(), post_head(ticket + "/status", "multipart/form-data; boundary=x", 10'000),
      milliseconds(3000));
  EXPECT_EQ(status_of(answer), "415") << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << answer;

  // Sent in full by a signed-in agent: the same, and nothing changed.
  HttpResult form = agent->post_multipart(ticket + "/status", {{"status", "in_progress"}});
  EXPECT_EQ(form.status, 415) << form.body;
  EXPECT_EQ(form.header("content-type"), "application/problem+json");
  EXPECT_EQ(agent->get(ticket).json().at("status").as_string(), "open");

  // The attachment routes take it.
  HttpResult reply = agent->post_multipart(ticket + "/reply", {{"body", "Here is the manual."}},
                                           {{"manual.txt", "text/plain", "Read me."}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  HttpResult customer =
      ann->post_multipart(p + "/tickets/" + std::to_string(id) + "/reply", {{"body", "Thanks"}},
                          {{"photo.txt", "text/plain", "x"}});
  EXPECT_EQ(customer.status, 201) << customer.body;
  // The raw-mail route keeps its own (larger) limit for a message.
  std::string mail = answer_to_head(server.base_url(),
                                    post_head(p + "/inbound/email", "message/rfc822", 200 * 1024),
                                    milliseconds(300));
  EXPECT_EQ(mail, "");
}

}  // namespace
}  // namespace escalated::testing
