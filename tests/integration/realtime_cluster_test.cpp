// Presence across a cluster: two server nodes on one database, each with its
// own WebSocket clients, tell their agents who else is viewing a ticket on
// either node; a node's viewers vanish when they leave or the node stops,
// and the rows of a node that died are ignored once expired.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/viewer_repo.h"
#include "support/test_server.h"
#include "support/ws_client.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;
using Ids = std::vector<std::int64_t>;

void realtime_on(Options& o) {
  o.enable_real_time = true;
}

std::string topic(std::int64_t ticket) {
  return "ticket:" + std::to_string(ticket);
}

// Reads presence messages of `ticket` until one lists exactly `want` (user
// ids, in order) or `within` runs out; returns the last list seen.
Ids await_viewers(WsClient& ws, std::int64_t ticket, const Ids& want,
                  std::chrono::milliseconds within = std::chrono::seconds(4)) {
  auto deadline = std::chrono::steady_clock::now() + within;
  Ids seen;
  while (seen != want) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto presence = ws.next_of("presence", nullptr, left);
    if (!presence) break;
    if (presence->at("ticket_id").as_int64() != ticket) continue;
    seen.clear();
    for (const auto& v : presence->at("viewers").as_array())
      seen.push_back(v.at("user_id").as_int64());
  }
  return seen;
}

class RealtimeClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ada_id = node1->add_user("Ada", "ada@example.com", "agent");
    bob_id = node1->add_user("Bob", "bob@example.com", "agent");
    node1->add_user("Cus", "cus@example.com", "customer");
    ada = node1->signed_in("ada@example.com");
    bob = node2->signed_in("bob@example.com");  // the accounts are the cluster's
    cus = node2->signed_in("cus@example.com");
    HttpResult r = cus->post_json(node2->prefix() + "/tickets",
                                  json::object{{"subject", "Two nodes"}, {"description", "Help"}});
    ASSERT_EQ(r.status, 201) << r.body;
    ticket = r.json().at("id").as_int64();
  }
  static std::unique_ptr<WsClient> connect(TestServer& node, const HttpClient& as) {
    return std::make_unique<WsClient>(node.base_url(), node.prefix() + "/ws",
                                      WsClient::Headers{{"Cookie", as.cookie_header()}});
  }

  std::unique_ptr<TestServer> node1 = std::make_unique<TestServer>(realtime_on);
  std::unique_ptr<TestServer> node2 = std::make_unique<TestServer>(*node1, realtime_on);
  std::int64_t ada_id = 0, bob_id = 0, ticket = 0;
  std::unique_ptr<HttpClient> ada, bob, cus;
};

TEST_F(RealtimeClusterTest, AgentsOnDifferentNodesSeeEachOtherButCustomersSeeNoone) {
  auto cus_live = connect(*node2, *cus);
  ASSERT_EQ(cus_live->subscribe(topic(ticket)).at("type"), "subscribed");
  auto ada_live = connect(*node1, *ada);
  auto bob_live = connect(*node2, *bob);
  ASSERT_EQ(ada_live->subscribe(topic(ticket)).at("type"), "subscribed");
  ASSERT_EQ(bob_live->subscribe(topic(ticket)).at("type"), "subscribed");
  Ids both = ada_id < bob_id ? Ids{ada_id, bob_id} : Ids{bob_id, ada_id};
  EXPECT_EQ(await_viewers(*ada_live, ticket, both), both);
  EXPECT_EQ(await_viewers(*bob_live, ticket, both), both);

  // Ada leaves: her row goes at once, so Bob hears of it within a poll.
  ada_live->close();
  EXPECT_EQ(await_viewers(*bob_live, ticket, Ids{bob_id}), Ids{bob_id});

  // Pushes reach a connection in order: presence meant for the customer
  // would arrive before this reply.
  HttpResult reply =
      ada->post_json(node1->prefix() + "/agent/tickets/" + std::to_string(ticket) + "/reply",
                     json::object{{"body", "On it"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  std::vector<std::string> skipped;
  ASSERT_TRUE(cus_live->next_of("reply.created", &skipped));
  for (const auto& type : skipped) EXPECT_NE(type, "presence");
}

TEST_F(RealtimeClusterTest, AStoppedNodesViewersVanishAtOnce) {
  auto ada_live = connect(*node1, *ada);
  auto bob_live = connect(*node2, *bob);
  ASSERT_EQ(ada_live->subscribe(topic(ticket)).at("type"), "subscribed");
  ASSERT_EQ(bob_live->subscribe(topic(ticket)).at("type"), "subscribed");
  Ids both = ada_id < bob_id ? Ids{ada_id, bob_id} : Ids{bob_id, ada_id};
  ASSERT_EQ(await_viewers(*bob_live, ticket, both), both);
  node1.reset();  // the database stays: node2 shares it
  EXPECT_EQ(await_viewers(*bob_live, ticket, Ids{bob_id}), Ids{bob_id});
}

TEST_F(RealtimeClusterTest, ExpiredRowsOfAVanishedNodeAreNotListed) {
  auto ada_live = connect(*node1, *ada);
  ASSERT_EQ(ada_live->subscribe(topic(ticket)).at("type"), "subscribed");
  // Two nodes that are not running: one renewed its rows lately, the other
  // died a while ago. Presence lives on the wall clock.
  core::Millis now = core::SystemClock().now();
  node1->helpdesk().database().write([&](store::Connection& c) {
    store::viewers::replace(c, "live-node", ticket, {{900001, "Zed"}}, now + 30'000);
    store::viewers::replace(c, "dead-node", ticket, {{900002, "Gone"}}, now - 1);
  });
  EXPECT_EQ(await_viewers(*ada_live, ticket, Ids{ada_id, 900001}), (Ids{ada_id, 900001}));
}

}  // namespace
}  // namespace escalated::testing
