// POST /admin/escalation-rules/dry-run and /admin/automations/dry-run: a
// rule not saved yet, in the body create takes, answers the open tickets its
// conditions match now, the same as the saved rule's dry run, and writes
// nothing; a body create refuses is refused the same way (422 naming the
// part); callers without the kind's manage permission get 403.
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

json::object urgent_rule(const char* name = "Urgent first") {
  return {{"name", name},
          {"conditions", json::object{{"all", json::array{cond("priority", "gte", "urgent")}}}},
          {"actions", json::array{json::object{{"type", "add_tag"}, {"value", "hot"}}}}};
}

class RulesDryRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.add_user("Admin", "admin@example.com", "admin");
    server.add_user("Cus", "cus@example.com", "customer");
    server.add_user("Ada", "ada@example.com", "agent");
    admin = server.signed_in("admin@example.com");
    customer = server.signed_in("cus@example.com");
    agent = server.signed_in("ada@example.com");
    server.set_clock("2026-03-02T10:00:00Z");
  }
  json::object create_ticket(const std::string& subject, const std::string& priority) {
    HttpResult r = customer->post_json(
        p + "/tickets",
        json::object{{"subject", subject}, {"description", "Details"}, {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }
  // What a change would leave behind: rules of either kind, audit entries,
  // and tags on tickets.
  std::string written() {
    std::string out;
    for (const char* path : {"/admin/escalation-rules", "/admin/automations", "/admin/audit-logs"})
      out += admin->get(p + path).body;
    out += admin->get(p + "/agent/tickets").body;
    return out;
  }
  std::vector<std::string> references(const HttpResult& r) {
    json::value body = r.json();
    std::vector<std::string> out;
    for (const auto& t : body.at("data").as_array())
      out.emplace_back(t.at("reference").as_string());
    return out;
  }

  TestServer server;
  const std::string p = server.prefix();
  std::unique_ptr<HttpClient> admin, customer, agent;
};

TEST_F(RulesDryRunTest, AnUnsavedRuleListsWhatItWouldMatchAndWritesNothing) {
  json::object urgent = create_ticket("Server down", "urgent");
  json::object critical = create_ticket("Data lost", "critical");
  create_ticket("Typo on the page", "low");
  server.run_jobs();
  const std::string before = written();

  for (const char* kind : {"/admin/escalation-rules", "/admin/automations"}) {
    HttpResult dry = admin->post_json(p + kind + "/dry-run", urgent_rule());
    ASSERT_EQ(dry.status, 200) << kind << ": " << dry.body;
    EXPECT_EQ(references(dry),
              (std::vector<std::string>{std::string(urgent.at("reference").as_string()),
                                        std::string(critical.at("reference").as_string())}))
        << kind;
    EXPECT_EQ(dry.json().at("data").at(0).at("subject"), "Server down");
  }
  // Inactive, or named like a rule that exists: still only a trial.
  json::object inactive = urgent_rule();
  inactive["active"] = false;
  EXPECT_EQ(admin->post_json(p + "/admin/automations/dry-run", inactive).status, 200);
  server.run_jobs();
  EXPECT_EQ(written(), before);
  EXPECT_EQ(admin->get(p + "/admin/automations").json().at("data").as_array().size(), 0u);
}

TEST_F(RulesDryRunTest, TheSameAnswerAsTheSavedRulesDryRun) {
  create_ticket("Server down", "urgent");
  create_ticket("Printer jam", "medium");
  json::object body = urgent_rule();
  body["conditions"] = json::object{{"any", json::array{cond("subject", "contains", "printer"),
                                                        cond("priority", "is", "urgent")}}};
  HttpResult unsaved = admin->post_json(p + "/admin/escalation-rules/dry-run", body);
  ASSERT_EQ(unsaved.status, 200) << unsaved.body;
  EXPECT_EQ(references(unsaved).size(), 2u);
  HttpResult made = admin->post_json(p + "/admin/escalation-rules", body);
  ASSERT_EQ(made.status, 201) << made.body;
  HttpResult saved = admin->post(
      p + "/admin/escalation-rules/" + std::to_string(made.json().at("id").as_int64()) + "/dry-run",
      "");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(references(saved), references(unsaved));
  // A name already used is a save's problem, not a trial's.
  EXPECT_EQ(admin->post_json(p + "/admin/escalation-rules/dry-run", body).status, 200);
}

TEST_F(RulesDryRunTest, ABodyCreateRefusesIsRefusedNamingThePartAndNothingIsWritten) {
  create_ticket("Server down", "urgent");
  server.run_jobs();
  const std::string before = written();
  auto field_errors = [&](const json::object& body) {
    HttpResult r = admin->post_json(p + "/admin/escalation-rules/dry-run", body);
    EXPECT_EQ(r.status, 422) << r.body;
    return r.json().at("errors").as_object();
  };

  json::object bad_operator = urgent_rule();
  bad_operator["conditions"] = json::object{{"all", json::array{cond("subject", "gte", "x")}}};
  EXPECT_TRUE(field_errors(bad_operator).contains("conditions.all[0].operator"));

  json::object no_actions = urgent_rule();
  no_actions.erase("actions");
  EXPECT_TRUE(field_errors(no_actions).contains("actions"));

  json::object no_name = urgent_rule();
  no_name.erase("name");
  EXPECT_TRUE(field_errors(no_name).contains("name"));

  // An automation's action is not an escalation rule's.
  json::object wrong_kind = urgent_rule();
  wrong_kind["actions"] = json::array{json::object{{"type", "change_status"}, {"value", "open"}}};
  EXPECT_TRUE(field_errors(wrong_kind).contains("actions[0].type"));

  json::object unknown = urgent_rule();
  unknown["colour"] = "red";
  EXPECT_TRUE(field_errors(unknown).contains("colour"));

  server.run_jobs();
  EXPECT_EQ(written(), before);
}

TEST_F(RulesDryRunTest, AnAgentWithoutThePermissionIsRefused) {
  create_ticket("Server down", "urgent");
  for (const char* kind : {"/admin/escalation-rules", "/admin/automations"}) {
    HttpResult r = agent->post_json(p + kind + "/dry-run", urgent_rule());
    EXPECT_EQ(r.status, 403) << kind << ": " << r.body;
  }
  HttpResult anonymous =
      server.client()->post_json(p + "/admin/automations/dry-run", urgent_rule());
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
}

}  // namespace
}  // namespace escalated::testing
