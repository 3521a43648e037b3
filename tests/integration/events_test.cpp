// Domain events: written to the outbox with the change, handed to the host's
// EventSink after the commit, never for a change that was refused.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "support/recording_sink.h"
#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.helpdesk().add_event_sink(sink);
    server.add_user("Cus", "cus@example.com", "customer");
    agent_id = server.add_user("Ada", "ada@example.com", "agent");
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
  }
  std::string create() {
    HttpResult r =
        customer->post_json(p + "/tickets", json::object{{"subject", "s"}, {"description", "d"}});
    return std::to_string(r.json().at("id").as_int64());
  }

  TestServer server;
  std::string p = server.prefix();
  std::shared_ptr<RecordingSink> sink = std::make_shared<RecordingSink>();
  std::int64_t agent_id = 0;
  std::unique_ptr<HttpClient> customer, agent;
};

TEST_F(EventsTest, LifecycleEmitsTheReferenceEventsInOrder) {
  std::string id = create();
  agent->post_json(p + "/agent/tickets/" + id + "/note", json::object{{"body", "n"}});
  agent->post_json(p + "/agent/tickets/" + id + "/assign", json::object{{"agent_id", agent_id}});
  agent->post_json(p + "/agent/tickets/" + id + "/priority", json::object{{"priority", "high"}});
  agent->post_json(p + "/agent/tickets/" + id + "/tags", json::object{{"add", json::array{"a"}}});
  agent->post_json(p + "/agent/tickets/" + id + "/tags",
                   json::object{{"remove", json::array{"a"}}});
  agent->post_json(p + "/agent/tickets/" + id + "/status", json::object{{"status", "escalated"}});
  agent->post_json(p + "/agent/tickets/" + id + "/status", json::object{{"status", "resolved"}});
  customer->post_json(p + "/tickets/" + id + "/reply", json::object{{"body", "not fixed"}});
  agent->post_json(p + "/agent/tickets/" + id + "/status", json::object{{"status", "closed"}});
  agent->post_json(p + "/agent/tickets/" + id + "/assign", json::object{{"agent_id", nullptr}});
  server.run_jobs();
  EXPECT_EQ(
      sink->types(),
      (std::vector<std::string>{
          "ticket.created", "note.created", "ticket.assigned", "ticket.priority_changed",
          "ticket.tag_added", "ticket.tag_removed", "ticket.status_changed", "ticket.escalated",
          "ticket.status_changed", "ticket.resolved", "ticket.status_changed", "ticket.reopened",
          "reply.created", "ticket.status_changed", "ticket.closed", "ticket.unassigned"}));
  std::vector<Event> events = sink->events();
  for (size_t i = 1; i < events.size(); ++i) EXPECT_GT(events[i].id, events[i - 1].id);
  json::value created = json::parse(events[0].payload_json);
  EXPECT_EQ(created.at("ticket").at("reference").as_string(), "ESC-0000" + id);
  EXPECT_EQ(events[0].ticket_id, std::stoll(id));
  json::value reply = json::parse(events[12].payload_json);
  EXPECT_EQ(reply.at("reply").at("body").as_string(), "not fixed");
  EXPECT_EQ(reply.at("ticket").at("status").as_string(), "reopened");
}

TEST_F(EventsTest, RefusedChangesEmitNothing) {
  std::string id = create();
  server.run_jobs();
  sink->clear();
  agent->post_json(p + "/agent/tickets/" + id + "/status",
                   json::object{{"status", "reopened"}});  // 409
  agent->post_json(p + "/agent/tickets/" + id + "/assign",
                   json::object{{"agent_id", 9999}});                  // 422
  customer->post_json(p + "/tickets", json::object{{"subject", ""}});  // 422
  agent->post_json(p + "/agent/tickets/" + id + "/priority",
                   json::object{{"priority", "medium"}});  // no change
  server.run_jobs();
  EXPECT_TRUE(sink->types().empty());
}

TEST_F(EventsTest, ASinkFailureLeavesTheEventPendingForTheNextPass) {
  create();
  sink->fail_next();
  EXPECT_EQ(server.helpdesk().dispatch_events(), 0u);
  EXPECT_TRUE(sink->types().empty());
  EXPECT_EQ(server.helpdesk().dispatch_events(), 1u);
  EXPECT_EQ(sink->types(), std::vector<std::string>{"ticket.created"});
  EXPECT_EQ(server.helpdesk().dispatch_events(), 0u) << "delivered events are not delivered again";
}

// A sink may take each batch whole (one transaction for many events) before
// the events go out one by one; a batch it refuses stays pending, whole.
class BatchSink : public EventSink {
 public:
  void on_batch(const std::vector<Event>& events) override {
    if (fail_next) {
      fail_next = false;
      throw std::runtime_error("batch refused");
    }
    for (const auto& e : events) log.push_back("batch:" + e.type);
  }
  void on_event(const Event& e) override { log.push_back("event:" + e.type); }
  std::vector<std::string> log;
  bool fail_next = false;
};

TEST_F(EventsTest, BatchSinksSeeEachBatchBeforeItsEvents) {
  auto batches = std::make_shared<BatchSink>();
  server.helpdesk().add_event_sink(batches);
  std::string id = create();
  agent->post_json(p + "/agent/tickets/" + id + "/note", json::object{{"body", "n"}});
  batches->fail_next = true;
  EXPECT_EQ(server.helpdesk().dispatch_events(), 0u);
  EXPECT_TRUE(batches->log.empty());
  EXPECT_TRUE(sink->types().empty()) << "a refused batch reaches no sink";
  EXPECT_EQ(server.helpdesk().dispatch_events(), 2u);
  EXPECT_EQ(batches->log, (std::vector<std::string>{"batch:ticket.created", "batch:note.created",
                                                    "event:ticket.created", "event:note.created"}));
  // The person who caused an event is in its payload.
  std::vector<Event> events = sink->events();
  json::value created = json::parse(events.at(0).payload_json);
  EXPECT_EQ(created.at("actor").at("name").as_string(), "Cus");
  EXPECT_EQ(created.at("actor").at("role").as_string(), "customer");
  json::value note = json::parse(events.at(1).payload_json);
  EXPECT_EQ(note.at("actor").at("id").as_int64(), agent_id);
}

TEST_F(EventsTest, BackgroundRelayDeliversWithoutBeingAsked) {
  server.helpdesk().start_background_work();
  create();
  for (int i = 0; i < 500 && sink->types().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server.helpdesk().stop_background_work();
  EXPECT_EQ(sink->types(), std::vector<std::string>{"ticket.created"});
}

}  // namespace
}  // namespace escalated::testing
