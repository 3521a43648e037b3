// The real-time hub's rules without any transport: who may subscribe to
// what, who receives which event, and presence.
#include "services/realtime/realtime_hub.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace escalated::services {
namespace {

namespace json = boost::json;

class FakePeer : public WebSocketPeer {
 public:
  void send(std::string text) override { sent.push_back(json::parse(text)); }
  void close() override { closed = true; }
  // The types of what was sent, then forgets it.
  std::vector<std::string> take_types() {
    std::vector<std::string> out;
    for (const auto& m : sent) out.emplace_back(m.at("type").as_string());
    sent.clear();
    return out;
  }
  std::vector<json::value> sent;
  bool closed = false;
};

core::Actor agent(std::int64_t id, const std::string& name) {
  return core::Actor{id, core::Role::kAgent, name, name + "@example.com",
                     core::find_system_role("agent")->permissions};
}
// Staff kept to their departments (no ticket.view_all).
core::Actor scoped_agent(std::int64_t id, const std::string& name) {
  return core::Actor{id, core::Role::kAgent, name, name + "@example.com",
                     core::PermissionSet{core::Permission::kTicketView}};
}
core::Actor customer(std::int64_t id) {
  return core::Actor{id, core::Role::kCustomer, "Cus", "cus@example.com",
                     core::find_system_role("customer")->permissions};
}

struct Connection {
  Connection(RealtimeHub& hub, const core::Actor& actor)
      : session(hub.open_session(actor)), peer(std::make_shared<FakePeer>()) {
    session->on_open(peer);
  }
  void say(const std::string& type, const std::string& topic) {
    session->on_message(json::serialize(json::object{{"type", type}, {"topic", topic}}));
  }
  std::shared_ptr<WebSocketSession> session;
  std::shared_ptr<FakePeer> peer;
};

class RealtimeHubTest : public ::testing::Test {
 protected:
  // Customer 7 requested ticket 1; ticket 2 belongs to someone else.
  // Staff see both, except user 3, whose department holds ticket 1 only.
  RealtimeHub hub{[](const core::Actor& a, std::int64_t ticket) {
    if (a.user_id == 3) return ticket == 1;
    return a.is_staff() ? ticket <= 2 : (a.user_id == 7 && ticket == 1);
  }};
  static Event event(std::int64_t id, const std::string& type, std::int64_t ticket) {
    return Event{id, type, ticket, R"({"ticket":{"id":)" + std::to_string(ticket) + "}}", 0};
  }
};

TEST_F(RealtimeHubTest, SubscriptionsAreCheckedPerTopic) {
  Connection ada(hub, agent(1, "Ada"));
  Connection cus(hub, customer(7));
  ada.say("subscribe", "queue");
  EXPECT_EQ(ada.peer->sent.at(0), json::parse(R"({"type":"subscribed","topic":"queue"})"));
  cus.say("subscribe", "queue");
  EXPECT_EQ(cus.peer->sent.at(0).at("status"), 403);
  cus.say("subscribe", "ticket:2");
  EXPECT_EQ(cus.peer->sent.at(1).at("status"), 404);
  cus.say("subscribe", "ticket:1");
  EXPECT_EQ(cus.peer->sent.at(2).at("type"), "subscribed");
  cus.say("subscribe", "ticket:x");
  EXPECT_EQ(cus.peer->sent.at(3).at("status"), 422);
  cus.session->on_message("[1,2]");
  EXPECT_EQ(cus.peer->sent.at(4).at("status"), 400);
}

TEST_F(RealtimeHubTest, EventsReachTheirSubscribersOnceAndNotesOnlyStaff) {
  Connection ada(hub, agent(1, "Ada"));
  Connection cus(hub, customer(7));
  ada.say("subscribe", "queue");
  ada.say("subscribe", "ticket:1");
  cus.say("subscribe", "ticket:1");
  ada.peer->sent.clear();
  cus.peer->sent.clear();
  hub.publish(event(10, "note.created", 1));
  hub.publish(event(11, "reply.created", 1));
  hub.publish(event(12, "sla.warning", 1));
  hub.publish(event(13, "ticket.created", 2));
  // Queue and ticket topic both match: the agent still gets each event once.
  EXPECT_EQ(ada.peer->take_types(), (std::vector<std::string>{"note.created", "reply.created",
                                                              "sla.warning", "ticket.created"}));
  EXPECT_EQ(cus.peer->take_types(), std::vector<std::string>{"reply.created"});
  hub.publish(event(14, "ticket.status_changed", 1));
  auto pushed = cus.peer->sent.at(0);
  EXPECT_EQ(pushed.at("event_id"), 14);
  EXPECT_EQ(pushed.at("ticket_id"), 1);
  EXPECT_EQ(pushed.at("ticket").at("id"), 1);
  // Unsubscribed, nothing more.
  cus.peer->sent.clear();
  cus.say("unsubscribe", "ticket:1");
  hub.publish(event(15, "reply.created", 1));
  EXPECT_EQ(cus.peer->take_types(), std::vector<std::string>{"unsubscribed"});
}

TEST_F(RealtimeHubTest, StaffKeptToTheirDepartmentsGetOnlyTheirTicketsFromTheQueue) {
  Connection dee(hub, scoped_agent(3, "Dee"));
  dee.say("subscribe", "queue");
  dee.peer->sent.clear();
  hub.publish(event(20, "ticket.created", 1));
  hub.publish(event(21, "ticket.created", 2));
  ASSERT_EQ(dee.peer->sent.size(), 1u);
  EXPECT_EQ(dee.peer->sent.at(0).at("ticket_id"), 1);
}

TEST_F(RealtimeHubTest, PresenceCountsEachAgentOnceAndOnlyStaffSeeIt) {
  Connection ada1(hub, agent(1, "Ada"));
  Connection ada2(hub, agent(1, "Ada"));  // a second tab
  Connection bob(hub, agent(2, "Bob"));
  Connection cus(hub, customer(7));
  cus.say("subscribe", "ticket:1");
  ada1.say("subscribe", "ticket:1");
  ada2.say("subscribe", "ticket:1");
  bob.say("subscribe", "ticket:1");
  const json::value& last = bob.peer->sent.back();
  EXPECT_EQ(last.at("type"), "presence");
  EXPECT_EQ(last.at("viewers"),
            json::parse(R"([{"user_id":1,"name":"Ada"},{"user_id":2,"name":"Bob"}])"));
  EXPECT_EQ(cus.peer->take_types(), std::vector<std::string>{"subscribed"});
  ada1.peer->sent.clear();
  bob.session->on_close();
  EXPECT_EQ(ada1.peer->sent.back().at("viewers"), json::parse(R"([{"user_id":1,"name":"Ada"}])"));
  EXPECT_EQ(hub.session_count(), 3u);
}

TEST_F(RealtimeHubTest, AConnectionHoldsABoundedNumberOfTopics) {
  RealtimeHub many{[](const core::Actor&, std::int64_t) { return true; }};
  Connection m(many, agent(1, "Ada"));
  for (std::size_t i = 1; i <= RealtimeHub::kMaxTopics + 1; ++i)
    m.say("subscribe", "ticket:" + std::to_string(i));
  // The last one was refused.
  EXPECT_EQ(m.peer->sent.back().at("status"), 422);
}

TEST_F(RealtimeHubTest, OtherNodesViewersAreMergedAndPushedOnlyWhenTheSetChanges) {
  Connection ada(hub, agent(1, "Ada"));
  Connection cus(hub, customer(7));
  ada.say("subscribe", "ticket:1");
  cus.say("subscribe", "ticket:1");
  // The pass learns that ticket 1's viewers here changed, and what they are.
  auto work = hub.take_presence_work();
  EXPECT_EQ(work.changed, (std::map<std::int64_t, RealtimeHub::Viewers>{{1, {{1, "Ada"}}}}));
  EXPECT_EQ(work.watched, std::vector<std::int64_t>{1});
  EXPECT_TRUE(hub.take_presence_work().changed.empty());
  ada.peer->sent.clear();

  // Bob (and Ada, in a tab on another node) view it elsewhere: one push,
  // each person once.
  hub.merge_remote_viewers({1}, {{1, {{1, "Ada"}, {2, "Bob"}}}});
  ASSERT_EQ(ada.peer->sent.size(), 1u);
  EXPECT_EQ(ada.peer->sent.at(0),
            json::parse(R"({"type":"presence","ticket_id":1,)"
                        R"("viewers":[{"user_id":1,"name":"Ada"},{"user_id":2,"name":"Bob"}]})"));
  // The same again: nothing to say.
  hub.merge_remote_viewers({1}, {{1, {{1, "Ada"}, {2, "Bob"}}}});
  EXPECT_EQ(ada.peer->sent.size(), 1u);
  // A local change lists the other nodes' viewers too.
  Connection dee(hub, agent(4, "Dee"));
  dee.say("subscribe", "ticket:1");
  EXPECT_EQ(dee.peer->sent.back().at("viewers").as_array().size(), 3u);
  // Bob left his node.
  ada.peer->sent.clear();
  hub.merge_remote_viewers({1}, {});
  EXPECT_EQ(ada.peer->sent.back().at("viewers"),
            json::parse(R"([{"user_id":1,"name":"Ada"},{"user_id":4,"name":"Dee"}])"));
  // The customer heard none of it.
  EXPECT_EQ(cus.peer->take_types(), std::vector<std::string>{"subscribed"});
  // When the last agent here leaves, the pass is told to clear the ticket.
  hub.take_presence_work();
  ada.session->on_close();
  dee.say("unsubscribe", "ticket:1");
  work = hub.take_presence_work();
  EXPECT_EQ(work.changed, (std::map<std::int64_t, RealtimeHub::Viewers>{{1, {}}}));
  EXPECT_TRUE(work.watched.empty());
}

TEST_F(RealtimeHubTest, LocalChangesWakeThePresencePass) {
  int wakes = 0;
  hub.on_local_viewers_changed([&] { ++wakes; });
  Connection ada(hub, agent(1, "Ada"));
  Connection cus(hub, customer(7));
  cus.say("subscribe", "ticket:1");
  ada.say("subscribe", "queue");
  EXPECT_EQ(wakes, 0);  // neither is a staff viewer of a ticket
  ada.say("subscribe", "ticket:1");
  EXPECT_EQ(wakes, 1);
  ada.session->on_close();
  EXPECT_EQ(wakes, 2);
  hub.on_local_viewers_changed(nullptr);
  Connection bob(hub, agent(2, "Bob"));
  bob.say("subscribe", "ticket:1");
  EXPECT_EQ(wakes, 2);
}

}  // namespace
}  // namespace escalated::services
