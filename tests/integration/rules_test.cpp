// Escalation rules and automations through the public API and the test
// clock: validation that names the part, firing once per episode (on change
// and on time), actions through the transition table, idempotent job runs,
// evaluation of existing tickets when a rule is saved, and dry runs.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

json::object cond(const char* field, const char* op, json::value value) {
  return {{"field", field}, {"operator", op}, {"value", std::move(value)}};
}
json::object act(const char* type, json::value value = nullptr) {
  return {{"type", type}, {"value", std::move(value)}};
}

class RulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    server.add_user("Cus", "cus@example.com", "customer");
    agent_id = server.add_user("Ada", "ada@example.com", "agent");
    admin = server.signed_in("admin@example.com");
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  std::string create_rule(const std::string& path, json::object body) {
    HttpResult r = admin->post_json(p + path, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json().at("id").as_int64());
  }
  std::string create_ticket(const std::string& priority = "medium") {
    HttpResult r = customer->post_json(p + "/tickets", json::object{{"subject", "Server down"},
                                                                    {"description", "All of it"},
                                                                    {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json().at("id").as_int64());
  }
  json::object ticket(const std::string& id) {
    HttpResult r = agent->get(p + "/agent/tickets/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  int activities(const std::string& id, const std::string& type) {
    json::object t = ticket(id);
    int n = 0;
    for (const auto& a : t.at("activities").as_array()) n += a.at("type") == json::value(type);
    return n;
  }
  std::vector<std::string> tags(const std::string& id) {
    json::object t = ticket(id);
    std::vector<std::string> out;
    for (const auto& tag : t.at("tags").as_array()) out.emplace_back(tag.at("name").as_string());
    return out;
  }
  void agent_post(const std::string& path, json::object body) {
    HttpResult r = agent->post_json(p + path, body);
    ASSERT_LT(r.status, 300) << path << ": " << r.body;
  }

  TestServer server;
  std::string p = server.prefix();
  std::int64_t agent_id = 0;
  std::unique_ptr<HttpClient> admin, customer, agent;
};

TEST_F(RulesTest, InvalidRulesAreRefusedNamingThePart) {
  HttpResult r = admin->post_json(
      p + "/admin/escalation-rules",
      json::object{{"name", "Broken"},
                   {"conditions",
                    json::object{{"all", json::array{cond("priority", "is", "urgent"),
                                                     cond("colour", "is", "red"),
                                                     cond("hours_since_created", "contains", 2)}},
                                 {"any", json::array{cond("status", "is", "snoozing")}}}},
                   {"actions", json::array{act("escalate"), act("set_ticket_type", "task")}}});
  ASSERT_EQ(r.status, 422) << r.body;
  auto errors = r.json().at("errors").as_object();
  for (const char* field : {"conditions.all[1].field", "conditions.all[2].operator",
                            "conditions.any[0].value", "actions[1].type"})
    EXPECT_TRUE(errors.contains(field)) << field << " in " << r.body;
  EXPECT_FALSE(errors.contains("conditions.all[0].value"));
  // No actions at all.
  r = admin->post_json(p + "/admin/automations", json::object{{"name", "Nothing"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(r.json().at("errors").as_object().contains("actions")) << r.body;
  // Agents may look, not touch.
  EXPECT_EQ(agent->get(p + "/admin/automations").status, 200);
  EXPECT_EQ(
      agent
          ->post_json(p + "/admin/automations",
                      json::object{{"name", "x"}, {"actions", json::array{act("add_tag", "x")}}})
          .status,
      403);
}

TEST_F(RulesTest, EscalationFiresOncePerEpisodeWhenTimeMakesItTrue) {
  std::string rule = create_rule(
      "/admin/escalation-rules",
      {{"name", "Urgent and stale"},
       {"conditions", json::object{{"all", json::array{cond("priority", "is", "urgent"),
                                                       cond("hours_since_created", "gt", 2)}}}},
       {"actions", json::array{act("escalate"), act("add_tag", "stale"),
                               act("add_note", "Escalated: urgent for over 2 hours")}}});
  HttpResult saved = admin->get(p + "/admin/escalation-rules/" + rule);
  EXPECT_EQ(saved.json().at("conditions").at("all").as_array().size(), 2u);
  server.run_jobs();  // the scan after saving finds no tickets
  std::string id = create_ticket("urgent");
  server.run_jobs();
  EXPECT_EQ(ticket(id).at("status"), "open");
  server.advance_clock(2 * 3600);  // exactly 2 hours: not yet "greater than"
  server.run_jobs();
  EXPECT_EQ(ticket(id).at("status"), "open");
  server.advance_clock(1);
  server.run_jobs();
  json::object t = ticket(id);
  EXPECT_EQ(t.at("status"), "escalated");
  EXPECT_EQ(tags(id), std::vector<std::string>{"stale"});
  EXPECT_EQ(activities(id, "rule_applied"), 1);
  bool noted = false;
  for (const auto& reply : t.at("replies").as_array())
    noted |= reply.at("is_internal_note") == true &&
             reply.at("body") == "Escalated: urgent for over 2 hours";
  EXPECT_TRUE(noted);
  // Still true: no second firing, however often jobs run or the ticket changes.
  server.run_jobs();
  agent_post("/agent/tickets/" + id + "/status", {{"status", "in_progress"}});
  server.run_jobs();
  server.advance_clock(3600);
  server.run_jobs();
  EXPECT_EQ(activities(id, "rule_applied"), 1);
  EXPECT_EQ(ticket(id).at("status"), "in_progress");
  // The episode ends (priority drops) and starts again: it fires again.
  agent_post("/agent/tickets/" + id + "/priority", {{"priority", "high"}});
  server.run_jobs();
  agent_post("/agent/tickets/" + id + "/priority", {{"priority", "urgent"}});
  server.run_jobs();
  EXPECT_EQ(activities(id, "rule_applied"), 2);
  EXPECT_EQ(ticket(id).at("status"), "escalated");
}

TEST_F(RulesTest, ForbiddenTransitionIsRecordedAndOtherActionsStillApply) {
  create_rule("/admin/escalation-rules",
              {{"name", "Waiting too long"},
               {"conditions",
                json::object{{"all", json::array{cond("status", "is", "waiting_on_customer")}}}},
               {"actions", json::array{act("escalate"), act("change_priority", "high"),
                                       act("assign_to", agent_id)}}});
  std::string id = create_ticket("low");
  // The agent's reply moves it to waiting_on_customer, which may not escalate.
  agent_post("/agent/tickets/" + id + "/reply", {{"body", "Please send logs"}});
  server.run_jobs();
  json::object t = ticket(id);
  EXPECT_EQ(t.at("status"), "waiting_on_customer");
  EXPECT_EQ(t.at("priority"), "high");
  EXPECT_EQ(t.at("assignee").at("id").as_int64(), agent_id);
  EXPECT_EQ(activities(id, "rule_action_skipped"), 1);
}

TEST_F(RulesTest, AutomationsActOncePerMatchingPeriodAcrossRepeatedRuns) {
  std::string id = create_ticket();
  agent_post("/agent/tickets/" + id + "/reply", {{"body", "Does it work now?"}});
  std::string automation = create_rule(
      "/admin/automations",
      {{"name", "Nudge silent customers"},
       {"conditions",
        json::object{{"all", json::array{cond("status", "is", "waiting_on_customer"),
                                         cond("hours_since_agent_reply", "gte", 48.5)}}}},
       {"actions", json::array{act("add_tag", "nudged"), act("set_ticket_type", "problem"),
                               act("change_status", "resolved")}}});
  server.run_jobs();  // the scan evaluates the existing ticket: not yet
  EXPECT_EQ(ticket(id).at("status"), "waiting_on_customer");
  server.advance_clock(48.5 * 3600 - 1);
  server.run_jobs();
  EXPECT_EQ(ticket(id).at("status"), "waiting_on_customer");
  server.advance_clock(1);
  for (int i = 0; i < 3; ++i) server.run_jobs();
  json::object t = ticket(id);
  EXPECT_EQ(t.at("status"), "resolved");
  EXPECT_EQ(t.at("ticket_type"), "problem");
  EXPECT_EQ(tags(id), std::vector<std::string>{"nudged"});
  EXPECT_EQ(activities(id, "rule_applied"), 1);

  // Dry run: which tickets would match now (none: this one is resolved).
  std::string other = create_ticket();
  agent_post("/agent/tickets/" + other + "/reply", {{"body", "Any news?"}});
  // Agents do not manage automations; admins try them out.
  EXPECT_EQ(agent->post(p + "/admin/automations/" + automation + "/dry-run", "{}").status, 403);
  HttpResult dry = admin->post(p + "/admin/automations/" + automation + "/dry-run", "{}");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("data").as_array().size(), 0u);
  server.advance_clock(49 * 3600);
  dry = admin->post(p + "/admin/automations/" + automation + "/dry-run", "{}");
  ASSERT_EQ(dry.json().at("data").as_array().size(), 1u);
  EXPECT_EQ(std::to_string(dry.json().at("data").at(0).at("id").as_int64()), other);
  // A dry run changes nothing.
  EXPECT_EQ(ticket(other).at("status"), "waiting_on_customer");
}

TEST_F(RulesTest, SavingARuleEvaluatesExistingTicketsAndInactiveRulesDoNothing) {
  std::string a = create_ticket("critical");
  std::string b = create_ticket("low");
  std::string rule = create_rule(
      "/admin/automations",
      {{"name", "Critical to the top"},
       {"active", false},
       {"conditions", json::object{{"all", json::array{cond("priority", "gte", "urgent")}}}},
       {"actions", json::array{act("add_tag", "top")}}});
  server.run_jobs();
  EXPECT_TRUE(tags(a).empty());
  HttpResult on = admin->request("PATCH", p + "/admin/automations/" + rule,
                                 json::serialize(json::object{{"active", true}}));
  ASSERT_EQ(on.status, 200) << on.body;
  server.run_jobs();
  EXPECT_EQ(tags(a), std::vector<std::string>{"top"});
  EXPECT_TRUE(tags(b).empty());
  EXPECT_EQ(admin->request("DELETE", p + "/admin/automations/" + rule, "").status, 204);
  EXPECT_EQ(admin->get(p + "/admin/automations/" + rule).status, 404);
  // The id of an automation is not an escalation rule's.
  EXPECT_EQ(admin->get(p + "/admin/escalation-rules/" + rule).status, 404);
}

}  // namespace
}  // namespace escalated::testing
