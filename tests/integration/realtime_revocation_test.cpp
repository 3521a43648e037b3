// Issue 13, item 6: live WebSockets end with the credential that opened
// them. Signing out, deactivating or re-roling the user, or revoking the API
// token closes the user's sockets within a second, on every node of a
// cluster; no event committed after the change reaches them; and an agent
// who lost access to a ticket stops receiving its events while the socket
// goes on for everything else.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "support/builders.h"
#include "support/test_server.h"
#include "support/ws_client.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

void realtime_on(Options& o) {
  o.enable_real_time = true;
}

std::string topic(std::int64_t ticket) {
  return "ticket:" + std::to_string(ticket);
}

// Reads what `ws` still receives until the server ends it or `within` runs
// out (the bounded wait every realtime test uses); returns how long that
// took and the messages other than presence that came meanwhile ("type
// ticket_id").
struct Ending {
  bool closed = false;
  milliseconds after{0};
  std::vector<std::string> received;
};
Ending await_close(WsClient& ws, Clock::time_point since,
                   milliseconds within = milliseconds(3000)) {
  auto deadline = since + within;
  Ending out;
  while (!ws.closed()) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    auto m = ws.next(left);
    // Presence comes from other people's doing; events are what must stop.
    if (m && m->at("type") != "presence") {
      const auto* t = m->as_object().if_contains("ticket_id");
      out.received.push_back(std::string(m->at("type").as_string()) + " " +
                             (t ? std::to_string(t->as_int64()) : ""));
    }
  }
  out.closed = ws.closed();
  out.after = std::chrono::duration_cast<milliseconds>(Clock::now() - since);
  ::testing::Test::RecordProperty("closed_after_ms", static_cast<int>(out.after.count()));
  return out;
}

// The socket still answers: a ping gets its pong.
bool alive(WsClient& ws) {
  ws.send(R"({"type":"ping"})");
  return ws.next_of("pong").has_value();
}

class RealtimeRevocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    ada_id = server.add_user("Ada", "ada@example.com", "agent");
    bob_id = server.add_user("Bob", "bob@example.com", "agent");
    server.add_user("Cus", "cus@example.com", "customer");
    admin = server.signed_in("admin@example.com");
    ada = server.signed_in("ada@example.com");
    cus = server.signed_in("cus@example.com");
    ticket = make.ticket(*cus, "Live");
  }
  std::unique_ptr<WsClient> connect(const HttpClient& as) {
    return std::make_unique<WsClient>(server.base_url(), p + "/ws",
                                      WsClient::Headers{{"Cookie", as.cookie_header()}});
  }
  HttpResult patch_user(std::int64_t id, const json::object& body) {
    return admin->request("PATCH", p + "/admin/users/" + std::to_string(id),
                          HttpClient::serialize(body));
  }
  void customer_replies(std::int64_t on, const std::string& body) {
    HttpResult r = cus->post_json(p + "/tickets/" + std::to_string(on) + "/reply",
                                  json::object{{"body", body}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  TestServer server{realtime_on};
  Build make{server};
  std::string p = server.prefix();
  std::int64_t ada_id = 0, bob_id = 0, ticket = 0;
  std::unique_ptr<HttpClient> admin, ada, cus;
};

TEST_F(RealtimeRevocationTest, SigningOutClosesTheSessionsSocketBeforeAnyLaterEvent) {
  auto live = connect(*ada);
  ASSERT_EQ(live->subscribe(topic(ticket)).at("type"), "subscribed");
  auto other = connect(*server.signed_in("ada@example.com"));  // her other session
  ASSERT_EQ(other->subscribe(topic(ticket)).at("type"), "subscribed");

  auto started = Clock::now();
  ASSERT_EQ(ada->post(p + "/auth/logout", "{}").status, 204);
  // Committed after the sign-out: the signed-out socket never gets it.
  customer_replies(ticket, "Anyone there?");
  Ending end = await_close(*live, started);
  EXPECT_TRUE(end.closed);
  EXPECT_LT(end.after, milliseconds(1000));
  // (The ticket's creation may still be on its way: it came before.)
  EXPECT_EQ(std::count(end.received.begin(), end.received.end(),
                       "reply.created " + std::to_string(ticket)),
            0)
      << "an event outlived the sign-out";
  // The session that was not signed out goes on and gets the reply.
  EXPECT_TRUE(other->next_of("reply.created"));
  EXPECT_TRUE(alive(*other));
}

TEST_F(RealtimeRevocationTest, DeactivatingOrReRolingTheUserClosesTheirSockets) {
  auto ada_live = connect(*ada);
  ASSERT_EQ(ada_live->subscribe("queue").at("type"), "subscribed");
  auto bob = server.signed_in("bob@example.com");
  auto bob_live = connect(*bob);
  ASSERT_EQ(bob_live->subscribe("queue").at("type"), "subscribed");

  auto started = Clock::now();
  HttpResult r = patch_user(ada_id, {{"active", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  Ending ada_end = await_close(*ada_live, started);
  EXPECT_TRUE(ada_end.closed);
  EXPECT_LT(ada_end.after, milliseconds(1000));
  EXPECT_TRUE(alive(*bob_live));  // someone else's change leaves Bob alone

  started = Clock::now();
  r = patch_user(bob_id, {{"roles", json::array{"customer"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  Ending bob_end = await_close(*bob_live, started);
  EXPECT_TRUE(bob_end.closed);
  EXPECT_LT(bob_end.after, milliseconds(1000));
}

TEST_F(RealtimeRevocationTest, ChangingTheRolesPermissionsClosesItsHoldersSockets) {
  HttpResult role = admin->post_json(
      p + "/admin/roles",
      json::object{{"name", "Watcher"},
                   {"slug", "watcher"},
                   {"permissions", json::array{"ticket.view", "ticket.view_all"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  ASSERT_EQ(patch_user(bob_id, {{"roles", json::array{"watcher"}}}).status, 200);
  auto bob = server.signed_in("bob@example.com");
  auto bob_live = connect(*bob);
  ASSERT_EQ(bob_live->subscribe("queue").at("type"), "subscribed");
  auto ada_live = connect(*ada);
  ASSERT_EQ(ada_live->subscribe("queue").at("type"), "subscribed");

  auto started = Clock::now();
  HttpResult r = admin->request(
      "PATCH", p + "/admin/roles/" + std::to_string(role.json().at("id").as_int64()),
      HttpClient::serialize(json::object{{"permissions", json::array{"ticket.view"}}}));
  ASSERT_EQ(r.status, 200) << r.body;
  Ending end = await_close(*bob_live, started);
  EXPECT_TRUE(end.closed);
  EXPECT_LT(end.after, milliseconds(1000));
  EXPECT_TRUE(alive(*ada_live));  // she holds another role
}

TEST_F(RealtimeRevocationTest, RevokingTheTokenClosesItsSocketButNotTheUsersOthers) {
  HttpResult made =
      admin->post_json(p + "/admin/api-tokens", json::object{{"name", "live"},
                                                             {"abilities", json::array{"*"}},
                                                             {"user_id", ada_id},
                                                             {"expires_in_days", nullptr}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string secret(made.json().at("token").as_string());
  WsClient by_token(server.base_url(), p + "/ws", {{"Authorization", "Bearer " + secret}});
  ASSERT_EQ(by_token.subscribe("queue").at("type"), "subscribed");
  auto by_cookie = connect(*ada);
  ASSERT_EQ(by_cookie->subscribe("queue").at("type"), "subscribed");

  auto started = Clock::now();
  std::string id = std::to_string(made.json().at("id").as_int64());
  ASSERT_EQ(admin->request("DELETE", p + "/admin/api-tokens/" + id, "").status, 204);
  std::int64_t after = make.ticket(*cus, "After the revocation");
  Ending end = await_close(by_token, started);
  EXPECT_TRUE(end.closed);
  EXPECT_LT(end.after, milliseconds(1000));
  EXPECT_EQ(std::count(end.received.begin(), end.received.end(),
                       "ticket.created " + std::to_string(after)),
            0);
  EXPECT_TRUE(by_cookie->next_of("ticket.created"));
}

TEST_F(RealtimeRevocationTest, AChangeThatKeepsThePermissionsKeepsTheSocket) {
  auto live = connect(*ada);
  ASSERT_EQ(live->subscribe("queue").at("type"), "subscribed");
  // Renamed, and her other session signed out: her access is what it was.
  ASSERT_EQ(patch_user(ada_id, {{"name", "Ada L."}}).status, 200);
  auto second = server.signed_in("ada@example.com");
  ASSERT_EQ(second->post(p + "/auth/logout", "{}").status, 204);
  make.ticket(*cus, "Still here");
  EXPECT_TRUE(live->next_of("ticket.created"));
  EXPECT_TRUE(alive(*live));
  EXPECT_FALSE(live->closed());
}

// Permission is asked per pushed event: an agent kept to one department
// stops receiving a ticket's events once it moves to another department,
// while the socket goes on for the tickets still in hers.
TEST_F(RealtimeRevocationTest, AnAgentWhoLostATicketStopsReceivingItsEvents) {
  HttpResult role = admin->post_json(
      p + "/admin/roles",
      json::object{
          {"name", "Scoped"}, {"slug", "scoped"}, {"permissions", json::array{"ticket.view"}}});
  ASSERT_EQ(role.status, 201) << role.body;
  std::int64_t sales = make.department(*admin, "Sales"),
               billing = make.department(*admin, "Billing");
  ASSERT_EQ(
      patch_user(bob_id, {{"roles", json::array{"scoped"}}, {"department_ids", json::array{sales}}})
          .status,
      200);
  std::int64_t kept = make.ticket(*cus, "Kept");
  for (std::int64_t t : {ticket, kept}) {
    HttpResult r = ada->post_json(p + "/agent/tickets/" + std::to_string(t) + "/department",
                                  json::object{{"department_id", sales}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto bob = server.signed_in("bob@example.com");
  auto live = connect(*bob);
  ASSERT_EQ(live->subscribe(topic(ticket)).at("type"), "subscribed");
  ASSERT_EQ(live->subscribe(topic(kept)).at("type"), "subscribed");

  HttpResult moved = ada->post_json(p + "/agent/tickets/" + std::to_string(ticket) + "/department",
                                    json::object{{"department_id", billing}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  customer_replies(ticket, "Moved away");
  customer_replies(kept, "Still yours");
  // The first reply Bob gets is the one on the ticket he still sees.
  auto reply = live->next_of("reply.created");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->at("ticket_id").as_int64(), kept) << json::serialize(*reply);
  EXPECT_FALSE(live->closed());
}

// Two nodes on one database: a change made through one node closes the
// sockets the other node holds.
TEST(RealtimeRevocationClusterTest, ASignOutOrDeactivationOnOneNodeClosesSocketsOnTheOther) {
  TestServer node1(realtime_on);
  TestServer node2(node1, realtime_on);
  node1.add_user("Admin", "admin@example.com", "admin");
  std::int64_t ada_id = node1.add_user("Ada", "ada@example.com", "agent");
  auto admin = node1.signed_in("admin@example.com");
  auto ada = node1.signed_in("ada@example.com");
  auto ws = [&](TestServer& node, const HttpClient& as) {
    return std::make_unique<WsClient>(node.base_url(), node.prefix() + "/ws",
                                      WsClient::Headers{{"Cookie", as.cookie_header()}});
  };
  auto on_node2 = ws(node2, *ada);
  ASSERT_EQ(on_node2->subscribe("queue").at("type"), "subscribed");
  auto started = Clock::now();
  ASSERT_EQ(ada->post(node1.prefix() + "/auth/logout", "{}").status, 204);
  Ending end = await_close(*on_node2, started);
  EXPECT_TRUE(end.closed);
  EXPECT_LT(end.after, milliseconds(1000));

  auto again = node2.signed_in("ada@example.com");
  auto second = ws(node2, *again);
  ASSERT_EQ(second->subscribe("queue").at("type"), "subscribed");
  started = Clock::now();
  HttpResult r = admin->request("PATCH", node1.prefix() + "/admin/users/" + std::to_string(ada_id),
                                HttpClient::serialize(json::object{{"active", false}}));
  ASSERT_EQ(r.status, 200) << r.body;
  end = await_close(*second, started);
  EXPECT_TRUE(end.closed);
  EXPECT_LT(end.after, milliseconds(1000));
}

}  // namespace
}  // namespace escalated::testing
