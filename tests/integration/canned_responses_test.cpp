// Canned responses: personal and shared, placeholders checked when saved
// and filled in (escaped) for a ticket the caller may see.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class CannedResponsesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    server.add_user("Ada", "ada@example.com", "agent");
    server.add_user("Bob", "bob@example.com", "agent");
    server.add_user("<b>Cus</b> *bold*", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    ada = server.signed_in("ada@example.com");
    bob = server.signed_in("bob@example.com");
    customer = server.signed_in("cus@example.com");
  }
  HttpResult patch(HttpClient& as, const std::string& path, const json::object& body) {
    return as.request("PATCH", make.path(path), HttpClient::serialize(body),
                      {{"Content-Type", "application/json"}});
  }
  std::size_t listed(HttpClient& as) {
    HttpResult r = as.get(make.path("/agent/canned-responses"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("data").as_array().size();
  }

  TestServer server;
  Build make{server};
  std::unique_ptr<HttpClient> admin, ada, bob, customer;
};

TEST_F(CannedResponsesTest, PersonalByDefaultSharedNeedsMacroManage) {
  HttpResult mine = ada->post_json(make.path("/agent/canned-responses"),
                                   json::object{{"title", "Thanks"}, {"body", "Thank you!"}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(mine.json().at("shared"), false);
  std::string id = std::to_string(mine.json().at("id").as_int64());
  EXPECT_EQ(listed(*ada), 1u);
  EXPECT_EQ(listed(*bob), 0u);
  // Another agent's personal response does not exist for Bob.
  EXPECT_EQ(patch(*bob, "/agent/canned-responses/" + id, {{"title", "Mine"}}).status, 404);
  EXPECT_EQ(bob->request("DELETE", make.path("/agent/canned-responses/" + id), "").status, 404);
  // Sharing speaks for the team: an agent may not.
  EXPECT_EQ(ada->post_json(make.path("/agent/canned-responses"),
                           json::object{{"title", "Team"}, {"body", "Hi"}, {"shared", true}})
                .status,
            403);
  EXPECT_EQ(patch(*ada, "/agent/canned-responses/" + id, {{"shared", true}}).status, 403);
  HttpResult shared = admin->post_json(
      make.path("/agent/canned-responses"),
      json::object{{"title", "Team"}, {"body", "Hello {{requester.name}}"}, {"shared", true}});
  ASSERT_EQ(shared.status, 201) << shared.body;
  std::string shared_id = std::to_string(shared.json().at("id").as_int64());
  EXPECT_EQ(listed(*ada), 2u);
  EXPECT_EQ(listed(*bob), 1u);
  EXPECT_EQ(patch(*bob, "/agent/canned-responses/" + shared_id, {{"title", "x"}}).status, 403);
  EXPECT_EQ(bob->request("DELETE", make.path("/agent/canned-responses/" + shared_id), "").status,
            403);
  HttpResult renamed = patch(*ada, "/agent/canned-responses/" + id, {{"title", "Thanks a lot"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("title"), "Thanks a lot");
  EXPECT_EQ(ada->request("DELETE", make.path("/agent/canned-responses/" + id), "").status, 204);
  EXPECT_EQ(listed(*ada), 1u);
  // Customers have no canned responses.
  EXPECT_EQ(customer->get(make.path("/agent/canned-responses")).status, 403);
}

TEST_F(CannedResponsesTest, UnknownPlaceholdersAreRefusedAtSave) {
  HttpResult r = ada->post_json(
      make.path("/agent/canned-responses"),
      json::object{{"title", "Bad"}, {"body", "Hi {{requester.name}}, {{ticket.secret}}"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::set<std::string>{"body"});
  EXPECT_NE(r.body.find("ticket.secret"), std::string::npos);
  r = ada->post_json(make.path("/agent/canned-responses"),
                     json::object{{"title", "Bad"}, {"body", "Hi {{requester.name"}});
  EXPECT_EQ(r.status, 422);
  r = ada->post_json(make.path("/agent/canned-responses"), json::object{{"title", " "}});
  EXPECT_EQ(error_fields(r), (std::set<std::string>{"title", "body"}));
  EXPECT_EQ(listed(*ada), 0u);
}

TEST_F(CannedResponsesTest, RenderFillsEscapedValuesForVisibleTickets) {
  std::int64_t billing = make.department(*admin, "Billing & <Co>");
  std::int64_t ticket =
      make.ticket(*customer, "Refund [now] _please_", json::object{{"department_id", billing}});
  HttpResult saved = ada->post_json(
      make.path("/agent/canned-responses"),
      json::object{{"title", "Reply"},
                   {"body",
                    "Hi {{ requester.name }} ({{requester.email}}), about {{ticket.reference}} "
                    "\"{{ticket.subject}}\" in {{department.name}}. -- {{agent.name}}"}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  std::string id = std::to_string(saved.json().at("id").as_int64());
  HttpResult r = ada->get(
      make.path("/agent/canned-responses/" + id + "/render?ticket_id=" + std::to_string(ticket)));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string body(r.json().at("body").as_string());
  std::string html(r.json().at("body_html").as_string());
  EXPECT_NE(body.find("\\<b\\>Cus\\</b\\> \\*bold\\*"), std::string::npos) << body;
  EXPECT_NE(body.find("Refund \\[now\\] \\_please\\_"), std::string::npos) << body;
  EXPECT_NE(body.find("Billing \\& \\<Co\\>"), std::string::npos) << body;
  EXPECT_NE(body.find("-- Ada"), std::string::npos) << body;
  EXPECT_NE(body.find("cus@example.com"), std::string::npos) << body;
  // The values come out as text: no markup they carried survives.
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<em>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<strong>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;Cus&lt;/b&gt; *bold*"), std::string::npos) << html;
  EXPECT_NE(html.find("Refund [now] _please_"), std::string::npos) << html;
  // No ticket_id, a ticket that does not exist, another's personal response.
  EXPECT_EQ(ada->get(make.path("/agent/canned-responses/" + id + "/render")).status, 422);
  EXPECT_EQ(ada->get(make.path("/agent/canned-responses/" + id + "/render?ticket_id=99999")).status,
            404);
  EXPECT_EQ(bob->get(make.path("/agent/canned-responses/" + id +
                               "/render?ticket_id=" + std::to_string(ticket)))
                .status,
            404);
}

}  // namespace
}  // namespace escalated::testing
