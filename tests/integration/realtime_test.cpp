// Live updates over WebSocket (GET /ws): real clients on the real server see
// what other users' requests change, and only what they may see.
#include <gtest/gtest.h>

#include "support/builders.h"
#include "support/test_server.h"
#include "support/ws_client.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class RealtimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_id = server.add_user("Admin", "admin@example.com", "admin");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    bob_id = server.add_user("Bob", "bob@example.com", "agent");
    server.add_user("Cus", "cus@example.com", "customer");
    server.add_user("Oth", "oth@example.com", "customer");
    ada = server.signed_in("ada@example.com");
    cus = server.signed_in("cus@example.com");
  }
  std::unique_ptr<WsClient> connect(const HttpClient& as) {
    return std::make_unique<WsClient>(server.base_url(), p + "/ws",
                                      WsClient::Headers{{"Cookie", as.cookie_header()}});
  }
  std::int64_t open_ticket(HttpClient& as, const std::string& subject) {
    return make.ticket(as, subject);
  }
  void agent_writes(const std::string& kind, std::int64_t ticket, const std::string& body) {
    HttpResult r = ada->post_json(p + "/agent/tickets/" + std::to_string(ticket) + "/" + kind,
                                  json::object{{"body", body}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::string topic(std::int64_t ticket) { return "ticket:" + std::to_string(ticket); }

  TestServer server{[](Options& o) { o.enable_real_time = true; }};
  Build make{server};
  std::string p = server.prefix();
  std::int64_t admin_id = 0, ada_id = 0, bob_id = 0;
  std::unique_ptr<HttpClient> ada, cus;
};

TEST_F(RealtimeTest, UnauthenticatedUpgradeIsRefused) {
  try {
    WsClient anonymous(server.base_url(), p + "/ws");
    FAIL() << "an anonymous upgrade was accepted";
  } catch (const WsRefused& e) {
    EXPECT_EQ(e.status, 401);
  }
  // A plain GET is told to upgrade.
  HttpResult plain = ada->get(p + "/ws");
  EXPECT_EQ(plain.status, 426);
  EXPECT_EQ(plain.header("upgrade"), "websocket");
}

TEST_F(RealtimeTest, BearerTokenAndCookieBothWork) {
  auto admin = server.signed_in("admin@example.com");
  HttpResult made = admin->post_json(
      p + "/admin/api-tokens",
      json::object{
          {"name", "live"}, {"abilities", json::array{"tickets:read"}}, {"user_id", ada_id}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string secret(made.json().at("token").as_string());
  WsClient bearer(server.base_url(), p + "/ws", {{"Authorization", "Bearer " + secret}});
  EXPECT_EQ(bearer.subscribe("queue").at("type"), "subscribed");
  auto cookie = connect(*ada);
  EXPECT_EQ(cookie->subscribe("queue").at("type"), "subscribed");
  try {
    WsClient wrong(server.base_url(), p + "/ws", {{"Authorization", "Bearer esc_wrong"}});
    FAIL() << "a bad token was accepted";
  } catch (const WsRefused& e) {
    EXPECT_EQ(e.status, 401);
  }
}

TEST_F(RealtimeTest, AgentOnTheQueueSeesACustomersNewTicket) {
  auto live = connect(*ada);
  ASSERT_EQ(live->subscribe("queue").at("type"), "subscribed");
  std::int64_t id = open_ticket(*cus, "Printer on fire");
  auto event = live->next_of("ticket.created");
  ASSERT_TRUE(event) << "no ticket.created pushed";
  EXPECT_EQ(event->at("ticket_id").as_int64(), id);
  EXPECT_EQ(event->at("ticket").at("subject"), "Printer on fire");
  EXPECT_TRUE(event->as_object().contains("event_id"));
  EXPECT_TRUE(event->as_object().contains("occurred_at"));
}

TEST_F(RealtimeTest, CustomerGetsRepliesOnTheirTicketButNeverNotes) {
  std::int64_t id = open_ticket(*cus, "Where is my order");
  auto mine = connect(*cus);
  ASSERT_EQ(mine->subscribe(topic(id)).at("type"), "subscribed");
  auto agent = connect(*ada);
  ASSERT_EQ(agent->subscribe(topic(id)).at("type"), "subscribed");
  agent_writes("note", id, "Customer is a VIP");
  agent_writes("reply", id, "It ships today");
  std::vector<std::string> skipped;
  auto reply = mine->next_of("reply.created", &skipped);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->at("reply").at("body"), "It ships today");
  EXPECT_EQ(reply->at("ticket_id").as_int64(), id);
  for (const auto& type : skipped) {
    EXPECT_NE(type, "note.created");
    EXPECT_NE(type, "presence");  // who is looking is for the team only
  }
  // The agent on the same ticket gets the note.
  auto note = agent->next_of("note.created");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->at("reply").at("body"), "Customer is a VIP");
}

TEST_F(RealtimeTest, CustomerCannotFollowOthersTicketsOrTheQueue) {
  auto other = server.signed_in("oth@example.com");
  std::int64_t theirs = open_ticket(*other, "Private matter");
  std::int64_t mine = open_ticket(*cus, "My matter");
  auto live = connect(*cus);
  json::value refused = live->subscribe(topic(theirs));
  EXPECT_EQ(refused.at("type"), "error");
  EXPECT_EQ(refused.at("status").as_int64(), 404);
  EXPECT_EQ(refused.at("topic").as_string(), topic(theirs));
  json::value queue = live->subscribe("queue");
  EXPECT_EQ(queue.at("type"), "error");
  EXPECT_EQ(queue.at("status").as_int64(), 403);
  ASSERT_EQ(live->subscribe(topic(mine)).at("type"), "subscribed");
  // Events come in outbox order: had the other ticket's reply been pushed,
  // it would arrive before the one on our own ticket.
  agent_writes("reply", theirs, "For the other customer");
  agent_writes("reply", mine, "For you");
  auto event = live->next_of("reply.created");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->at("ticket_id").as_int64(), mine);
  EXPECT_EQ(event->at("reply").at("body"), "For you");
}

TEST_F(RealtimeTest, PresenceListsTheAgentsViewingATicket) {
  std::int64_t id = open_ticket(*cus, "Two agents");
  auto bob_http = server.signed_in("bob@example.com");
  auto ada_live = connect(*ada);
  auto bob_live = connect(*bob_http);
  ASSERT_EQ(ada_live->subscribe(topic(id)).at("type"), "subscribed");
  ASSERT_EQ(bob_live->subscribe(topic(id)).at("type"), "subscribed");
  auto viewers_seen_by_ada = [&]() -> std::vector<std::int64_t> {
    auto presence = ada_live->next_of("presence");
    if (!presence) return {};
    EXPECT_EQ(presence->at("ticket_id").as_int64(), id);
    std::vector<std::int64_t> ids;
    for (const auto& v : presence->at("viewers").as_array())
      ids.push_back(v.at("user_id").as_int64());
    return ids;
  };
  // Ada's own subscription sent her a list of one, then Bob's a list of two.
  EXPECT_EQ(viewers_seen_by_ada(), std::vector<std::int64_t>{ada_id});
  auto both = viewers_seen_by_ada();
  EXPECT_EQ(both, (std::vector<std::int64_t>{ada_id, bob_id}));
  auto bob_sees = bob_live->next_of("presence");
  ASSERT_TRUE(bob_sees);
  EXPECT_EQ(bob_sees->at("viewers").as_array().size(), 2u);
  EXPECT_EQ(bob_sees->at("viewers").at(0).at("name"), "Ada");
  bob_live->close();
  EXPECT_EQ(viewers_seen_by_ada(), std::vector<std::int64_t>{ada_id});
}

TEST_F(RealtimeTest, BadMessagesAndForeignOriginsAreRefused) {
  auto live = connect(*ada);
  live->send("not json");
  auto error = live->next_of("error");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->at("status").as_int64(), 400);
  EXPECT_EQ(live->subscribe("everything").at("status").as_int64(), 422);
  EXPECT_EQ(live->subscribe("ticket:999999").at("status").as_int64(), 404);
  live->send_json(json::object{{"type", "ping"}});
  EXPECT_TRUE(live->next_of("pong"));
  // Another site's page cannot ride on the session cookie.
  try {
    WsClient hijack(server.base_url(), p + "/ws",
                    {{"Cookie", ada->cookie_header()}, {"Origin", "https://evil.example"}});
    FAIL() << "a foreign origin was accepted";
  } catch (const WsRefused& e) {
    EXPECT_EQ(e.status, 403);
  }
  std::string host = server.base_url().substr(server.base_url().find("://") + 3);
  WsClient same(server.base_url(), p + "/ws",
                {{"Cookie", ada->cookie_header()}, {"Origin", "http://" + host}});
  EXPECT_EQ(same.subscribe("queue").at("type"), "subscribed");
}

TEST(RealtimeOffTest, WithoutEnableRealTimeTheRouteIs404) {
  TestServer server{[](Options& o) { o.enable_real_time = false; }};
  server.add_user("Ada", "ada@example.com", "agent");
  auto ada = server.signed_in("ada@example.com");
  try {
    WsClient live(server.base_url(), server.prefix() + "/ws", {{"Cookie", ada->cookie_header()}});
    FAIL() << "the upgrade was accepted with real time off";
  } catch (const WsRefused& e) {
    EXPECT_EQ(e.status, 404);
  }
}

}  // namespace
}  // namespace escalated::testing

namespace escalated::testing {
namespace {

TEST(RealtimeDrainTest, StoppingTheServerClosesOpenWebSocketsAtOnce) {
  auto server = std::make_unique<TestServer>([](Options& o) { o.enable_real_time = true; });
  server->add_user("Ada", "ada@example.com", "agent");
  auto ada = server->signed_in("ada@example.com");
  WsClient live(server->base_url(), server->prefix() + "/ws", {{"Cookie", ada->cookie_header()}});
  ASSERT_EQ(live.subscribe("queue").at("type"), "subscribed");
  auto started = std::chrono::steady_clock::now();
  server.reset();  // drains: a close frame to every WebSocket, then stops
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_FALSE(live.next(std::chrono::seconds(2)));
  EXPECT_TRUE(live.closed());
}

}  // namespace
}  // namespace escalated::testing
