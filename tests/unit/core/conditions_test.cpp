#include "core/conditions.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/sla.h"
#include "core/time_format.h"

namespace escalated::core {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;

Millis T(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(0);
}

json::value J(std::string_view text) {
  return json::parse(text);
}

ConditionSet C(std::string_view conditions) {
  return ConditionSet::parse_or_throw(J(conditions));
}

// A set with the single `all` condition {field, op, value}.
ConditionSet one(const std::string& field, const std::string& op, const std::string& value) {
  return C(R"({"all": [{"field": ")" + field + R"(", "operator": ")" + op + R"(", "value": )" +
           value + "}]}");
}

// The errors a rejected "conditions" value produces; fails the test if it parses.
FieldErrors condition_errors(std::string_view conditions) {
  FieldErrors errors;
  auto set = ConditionSet::parse(J(conditions), &errors);
  EXPECT_FALSE(set.has_value()) << conditions;
  return errors;
}

FieldErrors action_errors(std::string_view actions, RuleKind kind) {
  FieldErrors errors;
  auto list = ActionList::parse(J(actions), kind, &errors);
  EXPECT_FALSE(list.has_value()) << actions;
  return errors;
}

std::set<std::string> keys(const FieldErrors& errors) {
  std::set<std::string> out;
  for (const auto& [key, messages] : errors) out.insert(key);
  return out;
}

std::string first_message(const FieldErrors& errors, const std::string& key) {
  auto it = errors.find(key);
  return it == errors.end() || it->second.empty() ? "<none>" : it->second.front();
}

BusinessCalendar berlin_nine_to_five() {
  BusinessCalendarSpec spec;
  spec.timezone = "Europe/Berlin";
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"})
    spec.schedule[day] = {{"09:00", "17:00"}};
  return BusinessCalendar::parse_or_throw(spec);
}

// Monday 2026-01-05, 12:00 UTC (13:00 in Berlin, which is UTC+1 in January);
// checked against T() in ConditionMatch.EveryFieldWithEveryOperatorItAccepts.
constexpr Millis kNow = 1'767'614'400'000;

TicketFacts sample() {
  TicketFacts f;
  f.status = TicketStatus::kOpen;
  f.priority = Priority::kHigh;
  f.ticket_type = TicketType::kProblem;
  f.department_id = 7;
  f.assignee_id = 42;
  f.tags = {"vip", "billing"};
  f.subject = "Printer on FIRE";
  f.description = "The printer in room 3 is burning. Größe egal.";
  f.created_at = kNow - 5 * kHour;
  f.updated_at = kNow - 30 * kMinute;
  f.assigned_at = kNow - 2 * kHour;
  f.last_customer_reply_at = kNow - 90 * kMinute;
  f.last_agent_reply_at = std::nullopt;
  f.sla_breached = false;
  f.next_sla_due_at = kNow + 45 * kMinute;
  return f;
}

// ---------------------------------------------------------------------------
// Parsing: shapes and errors

TEST(ConditionParse, AbsentOrEmptyConditionsMatchEverything) {
  for (const char* text : {"null", "{}", R"({"all": [], "any": []})", R"({"all": null})"}) {
    auto set = C(text);
    EXPECT_TRUE(set.empty()) << text;
    EXPECT_TRUE(set.matches(sample(), kNow)) << text;
    EXPECT_TRUE(set.matches(TicketFacts{}, 0)) << text;
    EXPECT_EQ(set.next_change_at(sample(), kNow), std::nullopt) << text;
  }
}

TEST(ConditionParse, ReportsEveryMistakeAtItsPath) {
  auto errors = condition_errors(R"({
    "all": [
      {"field": "colour", "operator": "is", "value": "red"},
      {"field": "status", "operator": "equals", "value": "open"},
      {"field": "subject", "operator": "is", "value": "hello"},
      {"field": "status", "operator": "is", "value": "pending"},
      {"field": "priority", "operator": "is", "value": "highest"},
      {"field": "status", "operator": "in", "value": "open"},
      {"field": "status", "operator": "is", "value": "open"}
    ],
    "any": [
      {"field": "hours_since_created", "operator": "gt", "value": "4"},
      {"field": "assignee_id", "operator": "is", "value": 0},
      {"field": "assignee_id", "operator": "in", "value": [3, "x", -1, null]},
      "status is open",
      {"value": 1},
      {"field": "tags", "operator": "contains"}
    ],
    "none": []
  })");
  EXPECT_EQ(keys(errors), (std::set<std::string>{
                              "conditions.all[0].field",
                              "conditions.all[1].operator",
                              "conditions.all[2].operator",
                              "conditions.all[3].value",
                              "conditions.all[4].value",
                              "conditions.all[5].value",
                              "conditions.any[0].value",
                              "conditions.any[1].value",
                              "conditions.any[2].value[1]",
                              "conditions.any[2].value[2]",
                              "conditions.any[3]",
                              "conditions.any[4].field",
                              "conditions.any[4].operator",
                              "conditions.any[5].value",
                              "conditions.none",
                          }));
  EXPECT_NE(first_message(errors, "conditions.all[0].field").find("hours_since_customer_reply"),
            std::string::npos);
  EXPECT_NE(first_message(errors, "conditions.all[1].operator").find("not_contains"),
            std::string::npos);
  EXPECT_EQ(first_message(errors, "conditions.all[2].operator"),
            "is not allowed for field \"subject\"; use one of: contains, not_contains");
  EXPECT_NE(first_message(errors, "conditions.all[3].value").find("waiting_on_customer"),
            std::string::npos);
  EXPECT_NE(first_message(errors, "conditions.all[4].value").find("critical"), std::string::npos);
  EXPECT_EQ(first_message(errors, "conditions.all[5].value"),
            "must be a non-empty array for operator \"in\"");
  EXPECT_EQ(first_message(errors, "conditions.any[4].field"), "is required");
  EXPECT_EQ(first_message(errors, "conditions.any[5].value"), "is required");
}

TEST(ConditionParse, RejectsWrongShapes) {
  EXPECT_EQ(keys(condition_errors("[]")), std::set<std::string>{"conditions"});
  EXPECT_EQ(keys(condition_errors(R"("status is open")")), std::set<std::string>{"conditions"});
  EXPECT_EQ(keys(condition_errors(R"({"all": {"field": "status"}})")),
            std::set<std::string>{"conditions.all"});
  EXPECT_EQ(keys(condition_errors(R"({"any": "x"})")), std::set<std::string>{"conditions.any"});
  EXPECT_EQ(keys(condition_errors(R"({"all": [{"field": 3, "operator": 4, "value": 1}]})")),
            (std::set<std::string>{"conditions.all[0].field", "conditions.all[0].operator"}));
  EXPECT_EQ(
      keys(condition_errors(R"({"all": [{"field": "status", "operator": "in", "value": []}]})")),
      std::set<std::string>{"conditions.all[0].value"});
}

TEST(ConditionParse, RefusesOperatorsAFieldDoesNotAccept) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"status", "lt"},
      {"status", "contains"},
      {"ticket_type", "gte"},
      {"department_id", "gt"},
      {"assignee_id", "contains"},
      {"tags", "is"},
      {"tags", "lt"},
      {"subject", "is"},
      {"description", "in"},
      {"sla_breached", "gt"},
      {"sla_breached", "in"},
      {"minutes_to_breach", "is"},
      {"hours_since_created", "is"},
      {"hours_since_updated", "in"},
      {"hours_since_assigned", "contains"},
      {"priority", "contains"},
  };
  for (const auto& [field, op] : refused) {
    auto errors = condition_errors(R"({"all": [{"field": ")" + field + R"(", "operator": ")" + op +
                                   R"(", "value": 1}]})");
    EXPECT_EQ(keys(errors), std::set<std::string>{"conditions.all[0].operator"})
        << field << " " << op;
    EXPECT_NE(first_message(errors, "conditions.all[0].operator").find("is not allowed for field"),
              std::string::npos);
  }
}

TEST(ConditionParse, RejectsBadValues) {
  struct Case {
    std::string field, op, value;
  };
  const std::vector<Case> cases = {
      {"status", "is", "null"},
      {"status", "is", "\"OPEN\""},
      {"status", "is", "[\"open\"]"},
      {"status", "not_in", "[]"},
      {"priority", "lt", "\"urgentest\""},
      {"priority", "gt", "3"},
      {"ticket_type", "is", "\"bug\""},
      {"department_id", "is", "1.5"},
      {"department_id", "is", "\"3\""},
      {"department_id", "is", "-2"},
      {"department_id", "is", "18446744073709551615"},
      {"assignee_id", "is_not", "true"},
      {"assignee_id", "in", "5"},
      {"tags", "contains", "\"\""},
      {"tags", "contains", "\"   \""},
      {"tags", "contains", "5"},
      {"tags", "contains", "\"" + std::string(51, 'x') + "\""},
      {"tags", "contains", "\"a\\u0001b\""},
      {"tags", "in", "[\"vip\", \"\"]"},
      {"subject", "contains", "\"\""},
      {"subject", "contains", "\"" + std::string(1001, 'x') + "\""},
      {"description", "not_contains", "null"},
      {"sla_breached", "is", "\"true\""},
      {"sla_breached", "is", "1"},
      {"minutes_to_breach", "lt", "-1"},
      {"minutes_to_breach", "lt", "\"30\""},
      {"minutes_to_breach", "lt", "52560001"},
      {"hours_since_updated", "gt", "null"},
      {"hours_since_updated", "gt", "876001"},
      {"hours_since_assigned", "gte", "-0.5"},
      {"hours_since_customer_reply", "lte", "[4]"},
  };
  for (const auto& c : cases) {
    auto errors = condition_errors(R"({"any": [{"field": ")" + c.field + R"(", "operator": ")" +
                                   c.op + R"(", "value": )" + c.value + "}]}");
    auto expected = c.field == "tags" && c.op == "in" ? "conditions.any[0].value[1]"
                                                      : "conditions.any[0].value";
    EXPECT_EQ(keys(errors), std::set<std::string>{expected})
        << c.field << " " << c.op << " " << c.value;
  }
}

TEST(ConditionParse, AcceptsEveryFieldWithEachOperatorItAllows) {
  // One valid value per field, in the form its scalar operators take.
  const std::map<std::string, std::string> scalar = {
      {"status", "\"open\""},
      {"priority", "\"high\""},
      {"ticket_type", "\"incident\""},
      {"department_id", "7"},
      {"assignee_id", "null"},
      {"tags", "\"vip\""},
      {"sla_breached", "true"},
      {"minutes_to_breach", "30"},
      {"hours_since_created", "4"},
      {"hours_since_updated", "0.25"},
      {"hours_since_assigned", "0"},
      {"hours_since_customer_reply", "1.5"},
      {"hours_since_agent_reply", "876000"},
      {"subject", "\"refund\""},
      {"description", "\"Größe\""},
  };
  std::size_t combinations = 0;
  for (const auto& field : all_condition_field_names()) {
    ASSERT_TRUE(scalar.count(field)) << field;
    for (ConditionOperator op : operators_for(*parse_condition_field(field))) {
      bool list = op == ConditionOperator::kIn || op == ConditionOperator::kNotIn;
      std::string value = list ? "[" + scalar.at(field) + "]" : scalar.at(field);
      FieldErrors errors;
      auto set =
          ConditionSet::parse(J(R"({"all": [{"field": ")" + field + R"(", "operator": ")" +
                                std::string(to_string(op)) + R"(", "value": )" + value + "}]}"),
                              &errors);
      EXPECT_TRUE(set.has_value())
          << field << " " << to_string(op) << " "
          << (errors.empty() ? "" : errors.begin()->first + ": " + errors.begin()->second.front());
      ++combinations;
    }
  }
  // 4 + 8 + 4 + 4 + 4 + 4 + 2 + 4 * 6 + 2 * 2
  EXPECT_EQ(combinations, 58u);
}

TEST(ConditionParse, EnforcesLimits) {
  std::string many = R"({"all": [)";
  for (std::size_t i = 0; i <= kMaxConditionsPerList; ++i) {
    if (i > 0) many += ",";
    many += R"({"field": "status", "operator": "is", "value": "open"})";
  }
  many += "]}";
  EXPECT_EQ(keys(condition_errors(many)), std::set<std::string>{"conditions.all"});

  std::string ids = "[";
  for (std::size_t i = 1; i <= kMaxValuesPerCondition + 1; ++i)
    ids += (i > 1 ? "," : "") + std::to_string(i);
  ids += "]";
  EXPECT_EQ(keys(condition_errors(R"({"all": [{"field": "assignee_id", "operator": "in",
                                   "value": )" +
                                  ids + "}]}")),
            std::set<std::string>{"conditions.all[0].value"});
}

TEST(ConditionParse, ParseOrThrowRaisesA422WithAllErrors) {
  try {
    ConditionSet::parse_or_throw(J(R"({"all": [{"field": "x", "operator": "is", "value": 1},
                                                {"field": "status", "operator": "is", "value": 1}]})"));
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(keys(e.errors()),
              (std::set<std::string>{"conditions.all[0].field", "conditions.all[1].value"}));
  }
}

TEST(ConditionParse, AppendsToTheCallersErrorsUnderItsPath) {
  FieldErrors errors{{"name", {"is required"}}};
  auto set =
      ConditionSet::parse(J(R"({"any": [{"field": "tags", "operator": "is", "value": "a"}]})"),
                          &errors, "rule.conditions");
  EXPECT_FALSE(set.has_value());
  auto actions = ActionList::parse(J("[]"), RuleKind::kAutomation, &errors, "rule.actions");
  EXPECT_FALSE(actions.has_value());
  EXPECT_EQ(keys(errors),
            (std::set<std::string>{"name", "rule.conditions.any[0].operator", "rule.actions"}));
}

// ---------------------------------------------------------------------------
// Actions

TEST(ConditionActions, EscalationRuleAcceptsItsTypes) {
  auto list = ActionList::parse_or_throw(J(R"([
      {"type": "escalate", "value": null},
      {"type": "escalate", "value": "anything"},
      {"type": "change_priority", "value": "urgent"},
      {"type": "assign_to", "value": 12},
      {"type": "change_department", "value": 3},
      {"type": "add_tag", "value": "  escalated "},
      {"type": "add_note", "value": "Escalated: no reply in 4 hours."}
    ])"),
                                         RuleKind::kEscalation);
  const auto& a = list.items();
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a[0].type, ActionType::kEscalate);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(a[1].value));
  EXPECT_EQ(std::get<Priority>(a[2].value), Priority::kUrgent);
  EXPECT_EQ(a[3].type, ActionType::kAssignTo);
  EXPECT_EQ(std::get<std::int64_t>(a[3].value), 12);
  EXPECT_EQ(std::get<std::int64_t>(a[4].value), 3);
  EXPECT_EQ(std::get<std::string>(a[5].value), "escalated");
  EXPECT_EQ(std::get<std::string>(a[6].value), "Escalated: no reply in 4 hours.");
}

TEST(ConditionActions, AutomationAcceptsItsTypes) {
  auto list = ActionList::parse_or_throw(J(R"([
      {"type": "change_status", "value": "waiting_on_agent"},
      {"type": "assign", "value": 5},
      {"type": "add_tag", "value": "stale"},
      {"type": "remove_tag", "value": "new"},
      {"type": "change_priority", "value": "low"},
      {"type": "add_note", "value": "Pinged."},
      {"type": "set_ticket_type", "value": "task"}
    ])"),
                                         RuleKind::kAutomation);
  const auto& a = list.items();
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(std::get<TicketStatus>(a[0].value), TicketStatus::kWaitingOnAgent);
  EXPECT_EQ(a[1].type, ActionType::kAssign);
  EXPECT_EQ(a[3].type, ActionType::kRemoveTag);
  EXPECT_EQ(std::get<TicketType>(a[6].value), TicketType::kTask);
}

TEST(ConditionActions, RejectsActionsOfTheOtherKindAndUnknownTypes) {
  auto errors = action_errors(R"([
      {"type": "escalate", "value": null},
      {"type": "change_status", "value": "open"},
      {"type": "assign", "value": 5},
      {"type": "delete_ticket"},
      {"type": "remove_tag", "value": "x"},
      {"type": "set_ticket_type", "value": "task"}
    ])",
                              RuleKind::kEscalation);
  EXPECT_EQ(keys(errors),
            (std::set<std::string>{"actions[1].type", "actions[2].type", "actions[3].type",
                                   "actions[4].type", "actions[5].type"}));
  EXPECT_EQ(first_message(errors, "actions[1].type"),
            "is not allowed in an escalation rule; use one of: escalate, change_priority, "
            "assign_to, change_department, add_tag, add_note");
  EXPECT_NE(first_message(errors, "actions[3].type").find("is not a known action type"),
            std::string::npos);

  errors = action_errors(R"([{"type": "escalate", "value": null}, {"type": "assign_to", "value": 1},
                             {"type": "change_department", "value": 1}])",
                         RuleKind::kAutomation);
  EXPECT_EQ(keys(errors),
            (std::set<std::string>{"actions[0].type", "actions[1].type", "actions[2].type"}));
}

TEST(ConditionActions, RejectsBadValuesAndShapes) {
  auto errors = action_errors(R"([
      {"type": "change_priority", "value": "asap"},
      {"type": "assign_to", "value": 0},
      {"type": "change_department", "value": "3"},
      {"type": "add_tag", "value": ""},
      {"type": "add_note", "value": "   "},
      {"type": "change_priority"},
      {"value": 3},
      {"type": 7},
      42
    ])",
                              RuleKind::kEscalation);
  EXPECT_EQ(keys(errors),
            (std::set<std::string>{"actions[0].value", "actions[1].value", "actions[2].value",
                                   "actions[3].value", "actions[4].value", "actions[5].value",
                                   "actions[6].type", "actions[7].type", "actions[8]"}));
  EXPECT_EQ(first_message(errors, "actions[5].value"), "is required");

  errors = action_errors(R"([{"type": "change_status", "value": "done"},
                             {"type": "assign", "value": 2.5},
                             {"type": "set_ticket_type", "value": "bug"},
                             {"type": "remove_tag", "value": null}])",
                         RuleKind::kAutomation);
  EXPECT_EQ(keys(errors), (std::set<std::string>{"actions[0].value", "actions[1].value",
                                                 "actions[2].value", "actions[3].value"}));
}

TEST(ConditionActions, EscalateCarriesAValueLikeEveryAction) {
  auto errors = action_errors(R"([{"type": "escalate"}, {"type": "escalate", "value": [1]}])",
                              RuleKind::kEscalation);
  EXPECT_EQ(keys(errors), (std::set<std::string>{"actions[0].value", "actions[1].value"}));
}

TEST(ConditionActions, RequiresAtLeastOneAction) {
  for (const char* text : {"null", "[]", "{}", "\"escalate\""}) {
    EXPECT_EQ(keys(action_errors(text, RuleKind::kEscalation)), std::set<std::string>{"actions"})
        << text;
  }
  EXPECT_THROW(ActionList::parse_or_throw(J("[]"), RuleKind::kAutomation), ValidationError);
}

// ---------------------------------------------------------------------------
// Matching

TEST(ConditionMatch, AllAndAnySemantics) {
  const auto f = sample();
  const std::string yes = R"({"field": "status", "operator": "is", "value": "open"})";
  const std::string no = R"({"field": "status", "operator": "is", "value": "closed"})";
  auto set = [](const std::string& all, const std::string& any) {
    return C(R"({"all": [)" + all + R"(], "any": [)" + any + "]}");
  };
  EXPECT_TRUE(set(yes, "").matches(f, kNow));  // empty any does not veto
  EXPECT_TRUE(set(yes + "," + yes, "").matches(f, kNow));
  EXPECT_FALSE(set(yes + "," + no, "").matches(f, kNow));
  EXPECT_TRUE(set("", no + "," + yes).matches(f, kNow));
  EXPECT_FALSE(set("", no + "," + no).matches(f, kNow));
  EXPECT_TRUE(set(yes, no + "," + yes).matches(f, kNow));
  EXPECT_FALSE(set(yes, no).matches(f, kNow));
  EXPECT_FALSE(set(no, yes).matches(f, kNow));
}

struct MatchCase {
  std::string field, op, value;
  bool expected;
};

// Against sample() at kNow: open, high, problem, department 7, assignee 42,
// tags vip+billing, created 5 h ago, updated 30 min ago, assigned 2 h ago,
// customer reply 90 min ago, no agent reply, SLA due in 45 min, not breached.
const std::vector<MatchCase> kMatchCases = {
    {"status", "is", "\"open\"", true},
    {"status", "is", "\"closed\"", false},
    {"status", "is_not", "\"closed\"", true},
    {"status", "is_not", "\"open\"", false},
    {"status", "in", "[\"resolved\", \"open\"]", true},
    {"status", "in", "[\"resolved\", \"closed\"]", false},
    {"status", "not_in", "[\"resolved\", \"closed\"]", true},
    {"status", "not_in", "[\"open\"]", false},

    {"priority", "is", "\"high\"", true},
    {"priority", "is", "\"low\"", false},
    {"priority", "is_not", "\"low\"", true},
    {"priority", "is_not", "\"high\"", false},
    {"priority", "in", "[\"urgent\", \"high\"]", true},
    {"priority", "in", "[\"urgent\", \"critical\"]", false},
    {"priority", "not_in", "[\"low\"]", true},
    {"priority", "not_in", "[\"high\"]", false},
    {"priority", "lt", "\"urgent\"", true},
    {"priority", "lt", "\"high\"", false},
    {"priority", "lte", "\"high\"", true},
    {"priority", "lte", "\"medium\"", false},
    {"priority", "gt", "\"medium\"", true},
    {"priority", "gt", "\"high\"", false},
    {"priority", "gte", "\"high\"", true},
    {"priority", "gte", "\"critical\"", false},

    {"ticket_type", "is", "\"problem\"", true},
    {"ticket_type", "is", "\"question\"", false},
    {"ticket_type", "is_not", "\"task\"", true},
    {"ticket_type", "is_not", "\"problem\"", false},
    {"ticket_type", "in", "[\"incident\", \"problem\"]", true},
    {"ticket_type", "in", "[\"incident\"]", false},
    {"ticket_type", "not_in", "[\"incident\"]", true},
    {"ticket_type", "not_in", "[\"problem\", \"task\"]", false},

    {"department_id", "is", "7", true},
    {"department_id", "is", "8", false},
    {"department_id", "is", "null", false},
    {"department_id", "is_not", "8", true},
    {"department_id", "is_not", "null", true},
    {"department_id", "is_not", "7", false},
    {"department_id", "in", "[1, 7]", true},
    {"department_id", "in", "[1, null]", false},
    {"department_id", "not_in", "[1, null]", true},
    {"department_id", "not_in", "[7]", false},

    {"assignee_id", "is", "42", true},
    {"assignee_id", "is", "null", false},
    {"assignee_id", "is_not", "null", true},
    {"assignee_id", "is_not", "42", false},
    {"assignee_id", "in", "[41, 42]", true},
    {"assignee_id", "in", "[null]", false},
    {"assignee_id", "not_in", "[null, 1]", true},
    {"assignee_id", "not_in", "[42]", false},

    {"tags", "contains", "\"vip\"", true},
    {"tags", "contains", "\" vip \"", true},  // trimmed like tag names
    {"tags", "contains", "\"VIP\"", false},   // tag names are case-sensitive
    {"tags", "contains", "\"vi\"", false},    // a whole tag, not a substring
    {"tags", "not_contains", "\"spam\"", true},
    {"tags", "not_contains", "\"billing\"", false},
    {"tags", "in", "[\"spam\", \"billing\"]", true},
    {"tags", "in", "[\"spam\", \"new\"]", false},
    {"tags", "not_in", "[\"spam\", \"new\"]", true},
    {"tags", "not_in", "[\"spam\", \"vip\"]", false},

    {"sla_breached", "is", "false", true},
    {"sla_breached", "is", "true", false},
    {"sla_breached", "is_not", "true", true},
    {"sla_breached", "is_not", "false", false},

    {"minutes_to_breach", "lt", "46", true},
    {"minutes_to_breach", "lt", "45", false},
    {"minutes_to_breach", "lte", "45", true},
    {"minutes_to_breach", "lte", "44.99", false},
    {"minutes_to_breach", "gt", "44.99", true},
    {"minutes_to_breach", "gt", "45", false},
    {"minutes_to_breach", "gte", "45", true},
    {"minutes_to_breach", "gte", "45.01", false},

    {"hours_since_created", "lt", "5.01", true},
    {"hours_since_created", "lt", "5", false},
    {"hours_since_created", "lte", "5", true},
    {"hours_since_created", "lte", "4.99", false},
    {"hours_since_created", "gt", "4", true},
    {"hours_since_created", "gt", "5", false},
    {"hours_since_created", "gte", "5", true},
    {"hours_since_created", "gte", "5.01", false},

    {"hours_since_updated", "lt", "1", true},
    {"hours_since_updated", "lt", "0.5", false},
    {"hours_since_updated", "lte", "0.5", true},
    {"hours_since_updated", "lte", "0.49", false},
    {"hours_since_updated", "gt", "0.49", true},
    {"hours_since_updated", "gt", "0.5", false},
    {"hours_since_updated", "gte", "0.5", true},
    {"hours_since_updated", "gte", "0.6", false},

    {"hours_since_assigned", "lt", "2.01", true},
    {"hours_since_assigned", "lt", "2", false},
    {"hours_since_assigned", "lte", "2", true},
    {"hours_since_assigned", "lte", "1.99", false},
    {"hours_since_assigned", "gt", "1.5", true},
    {"hours_since_assigned", "gt", "2", false},
    {"hours_since_assigned", "gte", "2", true},
    {"hours_since_assigned", "gte", "2.01", false},

    {"hours_since_customer_reply", "lt", "1.51", true},
    {"hours_since_customer_reply", "lt", "1.5", false},
    {"hours_since_customer_reply", "lte", "1.5", true},
    {"hours_since_customer_reply", "lte", "1.49", false},
    {"hours_since_customer_reply", "gt", "1.49", true},
    {"hours_since_customer_reply", "gt", "1.5", false},
    {"hours_since_customer_reply", "gte", "1.5", true},
    {"hours_since_customer_reply", "gte", "1.51", false},

    // No agent reply yet: every comparison is false.
    {"hours_since_agent_reply", "lt", "1000", false},
    {"hours_since_agent_reply", "lte", "1000", false},
    {"hours_since_agent_reply", "gt", "0", false},
    {"hours_since_agent_reply", "gte", "0", false},

    {"subject", "contains", "\"fire\"", true},
    {"subject", "contains", "\"PRINTER ON\"", true},
    {"subject", "contains", "\"water\"", false},
    {"subject", "not_contains", "\"water\"", true},
    {"subject", "not_contains", "\"Fire\"", false},
    {"description", "contains", "\"ROOM 3\"", true},
    {"description", "contains", "\"größe\"", true},
    {"description", "contains", "\"GRÖSSE\"", false},  // only ASCII folds
    {"description", "not_contains", "\"flood\"", true},
    {"description", "not_contains", "\"burning\"", false},
};

TEST(ConditionMatch, EveryFieldWithEveryOperatorItAccepts) {
  // Every accepted field/operator pair appears at least once, true and false
  // (except for the absent agent reply, which is false whatever it asks).
  ASSERT_EQ(kNow, T("2026-01-05T12:00:00Z"));
  std::set<std::pair<std::string, std::string>> seen_true, seen_false;
  for (const auto& c : kMatchCases) {
    auto set = one(c.field, c.op, c.value);
    EXPECT_EQ(set.matches(sample(), kNow), c.expected) << c.field << " " << c.op << " " << c.value;
    (c.expected ? seen_true : seen_false).insert({c.field, c.op});
  }
  for (const auto& field : all_condition_field_names()) {
    for (ConditionOperator op : operators_for(*parse_condition_field(field))) {
      std::pair<std::string, std::string> key{field, std::string(to_string(op))};
      EXPECT_TRUE(seen_false.count(key)) << field << " " << key.second;
      if (field != "hours_since_agent_reply") {
        EXPECT_TRUE(seen_true.count(key)) << field << " " << key.second;
      }
    }
  }
}

TEST(ConditionMatch, NullMeansUnassignedOrNoDepartment) {
  auto f = sample();
  f.assignee_id.reset();
  f.department_id.reset();
  EXPECT_TRUE(one("assignee_id", "is", "null").matches(f, kNow));
  EXPECT_FALSE(one("assignee_id", "is_not", "null").matches(f, kNow));
  EXPECT_FALSE(one("assignee_id", "is", "42").matches(f, kNow));
  EXPECT_TRUE(one("assignee_id", "is_not", "42").matches(f, kNow));  // nobody is not 42
  EXPECT_TRUE(one("assignee_id", "in", "[null, 42]").matches(f, kNow));
  EXPECT_FALSE(one("assignee_id", "in", "[42]").matches(f, kNow));
  EXPECT_FALSE(one("assignee_id", "not_in", "[null]").matches(f, kNow));
  EXPECT_TRUE(one("department_id", "is", "null").matches(f, kNow));
  EXPECT_TRUE(one("department_id", "not_in", "[7]").matches(f, kNow));
}

TEST(ConditionMatch, ContainsIgnoresAsciiCase) {
  auto f = sample();
  f.subject = "URGENT: Refund Request";
  EXPECT_TRUE(one("subject", "contains", "\"refund request\"").matches(f, kNow));
  EXPECT_TRUE(one("subject", "contains", "\"uRgEnT:\"").matches(f, kNow));
  EXPECT_FALSE(one("subject", "contains", "\"refund  request\"").matches(f, kNow));
  EXPECT_TRUE(one("subject", "not_contains", "\"invoice\"").matches(f, kNow));
  f.subject.clear();
  EXPECT_FALSE(one("subject", "contains", "\"a\"").matches(f, kNow));
  EXPECT_TRUE(one("subject", "not_contains", "\"a\"").matches(f, kNow));
}

TEST(ConditionMatch, TagsWithNoTags) {
  auto f = sample();
  f.tags.clear();
  EXPECT_FALSE(one("tags", "contains", "\"vip\"").matches(f, kNow));
  EXPECT_TRUE(one("tags", "not_contains", "\"vip\"").matches(f, kNow));
  EXPECT_FALSE(one("tags", "in", "[\"vip\"]").matches(f, kNow));
  EXPECT_TRUE(one("tags", "not_in", "[\"vip\"]").matches(f, kNow));
}

TEST(ConditionMatch, FractionalHoursAtTheExactBoundary) {
  auto f = sample();
  const Millis edge = f.created_at + 5'400'000;  // 1.5 h
  struct Case {
    const char* op;
    bool before, at, after;  // at edge - 1 ms, edge, edge + 1 ms
  };
  for (const Case& c : {Case{"gt", false, false, true}, Case{"gte", false, true, true},
                        Case{"lt", true, false, false}, Case{"lte", true, true, false}}) {
    auto set = one("hours_since_created", c.op, "1.5");
    EXPECT_EQ(set.matches(f, edge - 1), c.before) << c.op;
    EXPECT_EQ(set.matches(f, edge), c.at) << c.op;
    EXPECT_EQ(set.matches(f, edge + 1), c.after) << c.op;
  }
  // A threshold that is not a whole number of ms rounds to the nearest one:
  // 1/3 h written as 0.3333333 is 1199999.88 ms -> 1200000 ms (20 minutes).
  auto third = one("hours_since_created", "gte", "0.3333333");
  EXPECT_FALSE(third.matches(f, f.created_at + 20 * kMinute - 1));
  EXPECT_TRUE(third.matches(f, f.created_at + 20 * kMinute));
}

TEST(ConditionMatch, AbsentInstantsMakeEveryComparisonFalse) {
  TicketFacts f = sample();
  f.assigned_at.reset();
  f.last_customer_reply_at.reset();
  f.last_agent_reply_at.reset();
  f.next_sla_due_at.reset();
  for (const char* field : {"hours_since_assigned", "hours_since_customer_reply",
                            "hours_since_agent_reply", "minutes_to_breach"}) {
    for (const char* op : {"lt", "lte", "gt", "gte"}) {
      for (const char* value : {"0", "1", "1000"}) {
        auto set = one(field, op, value);
        EXPECT_FALSE(set.matches(f, kNow)) << field << " " << op << " " << value;
        EXPECT_EQ(set.next_change_at(f, kNow), std::nullopt) << field << " " << op;
      }
    }
  }
}

TEST(ConditionMatch, MinutesToBreachAlwaysOpen) {
  auto f = sample();
  const Millis due = kNow + 30 * kMinute;
  f.next_sla_due_at = due;
  EXPECT_TRUE(one("minutes_to_breach", "lte", "30").matches(f, kNow));
  EXPECT_FALSE(one("minutes_to_breach", "lt", "30").matches(f, kNow));
  EXPECT_TRUE(one("minutes_to_breach", "gt", "29.99").matches(f, kNow));
  // At and after the due instant time left is 0, never negative.
  for (Millis t : {due, due + 1, due + 10 * kHour}) {
    EXPECT_TRUE(one("minutes_to_breach", "lte", "0").matches(f, t));
    EXPECT_FALSE(one("minutes_to_breach", "lt", "0").matches(f, t));
    EXPECT_TRUE(one("minutes_to_breach", "gte", "0").matches(f, t));
    EXPECT_FALSE(one("minutes_to_breach", "gt", "0").matches(f, t));
  }
  EXPECT_FALSE(one("minutes_to_breach", "lte", "0").matches(f, due - 1));
}

TEST(ConditionMatch, MinutesToBreachCountsBusinessTime) {
  const auto cal = berlin_nine_to_five();
  auto f = sample();
  f.calendar = &cal;
  // Due Tuesday 10:00 Berlin (09:00 UTC).
  f.next_sla_due_at = T("2026-01-06T09:00:00Z");
  auto lte60 = one("minutes_to_breach", "lte", "60");
  auto lte90 = one("minutes_to_breach", "lte", "90");
  // Monday 16:30 Berlin: 30 minutes today plus 60 tomorrow.
  EXPECT_FALSE(lte60.matches(f, T("2026-01-05T15:30:00Z")));
  EXPECT_TRUE(lte90.matches(f, T("2026-01-05T15:30:00Z")));
  EXPECT_FALSE(lte90.matches(f, T("2026-01-05T15:29:59.999Z")));
  // Overnight nothing counts down: 60 minutes from the close to the opening.
  EXPECT_FALSE(lte60.matches(f, T("2026-01-05T15:59:59.999Z")));
  EXPECT_TRUE(lte60.matches(f, T("2026-01-05T16:00:00Z")));
  EXPECT_TRUE(lte60.matches(f, T("2026-01-05T23:00:00Z")));
  EXPECT_TRUE(one("minutes_to_breach", "gte", "60").matches(f, T("2026-01-06T08:00:00Z")));
  // The same ticket on an always-open clock has 17 hours left at 16:00 UTC.
  f.calendar = nullptr;
  EXPECT_FALSE(lte60.matches(f, T("2026-01-05T23:00:00Z")));
  EXPECT_TRUE(one("minutes_to_breach", "gte", "600").matches(f, T("2026-01-05T23:00:00Z")));
}

// ---------------------------------------------------------------------------
// Timers

// The condition flips exactly at `at`: different on either side of it, and
// unchanged from `now` up to just before it.
void expect_flip_at(const ConditionSet& set, const TicketFacts& f, Millis now, Millis at) {
  auto next = set.next_change_at(f, now);
  ASSERT_EQ(next, std::optional<Millis>(at));
  EXPECT_EQ(set.matches(f, now), set.matches(f, at - 1));
  EXPECT_NE(set.matches(f, at - 1), set.matches(f, at));
}

TEST(ConditionTimers, HoursSinceGtAndGteDifferByOneMillisecond) {
  auto f = sample();
  f.created_at = kNow - kHour;
  const Millis four = f.created_at + 4 * kHour;
  expect_flip_at(one("hours_since_created", "gt", "4"), f, kNow, four + 1);
  expect_flip_at(one("hours_since_created", "gte", "4"), f, kNow, four);
  expect_flip_at(one("hours_since_created", "lt", "4"), f, kNow, four);
  expect_flip_at(one("hours_since_created", "lte", "4"), f, kNow, four + 1);
  // Asked exactly at the flip, or after it, nothing is left to change.
  EXPECT_EQ(one("hours_since_created", "gte", "4").next_change_at(f, four), std::nullopt);
  EXPECT_EQ(one("hours_since_created", "gt", "4").next_change_at(f, four), four + 1);
  EXPECT_EQ(one("hours_since_created", "gt", "4").next_change_at(f, four + 1), std::nullopt);
  EXPECT_EQ(one("hours_since_created", "lte", "4").next_change_at(f, four + 5), std::nullopt);
}

TEST(ConditionTimers, EachHoursSinceFieldUsesItsOwnInstant) {
  auto f = sample();
  f.created_at = kNow - 10 * kHour;
  f.updated_at = kNow - 1 * kHour;
  f.assigned_at = kNow - 2 * kHour;
  f.last_customer_reply_at = kNow - 3 * kHour;
  f.last_agent_reply_at = kNow - 4 * kHour;
  const std::vector<std::pair<std::string, Millis>> cases = {
      {"hours_since_created", f.created_at},
      {"hours_since_updated", f.updated_at},
      {"hours_since_assigned", *f.assigned_at},
      {"hours_since_customer_reply", *f.last_customer_reply_at},
      {"hours_since_agent_reply", *f.last_agent_reply_at},
  };
  for (const auto& [field, base] : cases) {
    SCOPED_TRACE(field);
    expect_flip_at(one(field, "gt", "12.25"), f, kNow, base + 12 * kHour + 15 * kMinute + 1);
    expect_flip_at(one(field, "gte", "12.25"), f, kNow, base + 12 * kHour + 15 * kMinute);
  }
}

TEST(ConditionTimers, MinutesToBreachAlwaysOpen) {
  auto f = sample();
  const Millis due = kNow + 2 * kHour;
  f.next_sla_due_at = due;
  const Millis warn = due - 30 * kMinute;
  expect_flip_at(one("minutes_to_breach", "lte", "30"), f, kNow, warn);
  expect_flip_at(one("minutes_to_breach", "gt", "30"), f, kNow, warn);
  expect_flip_at(one("minutes_to_breach", "lt", "30"), f, kNow, warn + 1);
  expect_flip_at(one("minutes_to_breach", "gte", "30"), f, kNow, warn + 1);
  expect_flip_at(one("minutes_to_breach", "lte", "0"), f, kNow, due);
  // lt 0 never holds and gte 0 always does: nothing to wait for.
  EXPECT_EQ(one("minutes_to_breach", "lt", "0").next_change_at(f, kNow), std::nullopt);
  EXPECT_EQ(one("minutes_to_breach", "gte", "0").next_change_at(f, kNow), std::nullopt);
  // Once past the flip, settled.
  EXPECT_EQ(one("minutes_to_breach", "lte", "30").next_change_at(f, warn), std::nullopt);
}

TEST(ConditionTimers, MinutesToBreachOnACalendarClosedOvernight) {
  const auto cal = berlin_nine_to_five();
  auto f = sample();
  f.calendar = &cal;
  f.next_sla_due_at = T("2026-01-06T09:00:00Z");  // Tuesday 10:00 Berlin
  const Millis monday_noon = T("2026-01-05T11:00:00Z");
  // 60 minutes before the due time are used up at Monday's close (17:00
  // Berlin), not at Tuesday's opening: the time left does not shrink overnight.
  expect_flip_at(one("minutes_to_breach", "lte", "60"), f, monday_noon, T("2026-01-05T16:00:00Z"));
  expect_flip_at(one("minutes_to_breach", "gt", "60"), f, monday_noon, T("2026-01-05T16:00:00Z"));
  // lt 60 needs one millisecond less: just after Tuesday's opening.
  expect_flip_at(one("minutes_to_breach", "lt", "60"), f, monday_noon,
                 T("2026-01-06T08:00:00.001Z"));
  expect_flip_at(one("minutes_to_breach", "gte", "60"), f, monday_noon,
                 T("2026-01-06T08:00:00.001Z"));
  expect_flip_at(one("minutes_to_breach", "lte", "90"), f, monday_noon, T("2026-01-05T15:30:00Z"));
  // Asked overnight, the lt 60 flip is still Tuesday 09:00:00.001 Berlin.
  EXPECT_EQ(one("minutes_to_breach", "lt", "60").next_change_at(f, T("2026-01-05T22:00:00Z")),
            T("2026-01-06T08:00:00.001Z"));
  // A whole business day: 60 minutes on Tuesday and 420 on Monday, so the
  // flip is Monday 10:00 Berlin.
  expect_flip_at(one("minutes_to_breach", "lte", "480"), f, T("2026-01-05T08:00:00Z"),
                 T("2026-01-05T09:00:00Z"));
}

TEST(ConditionTimers, NothingTimeBasedMeansNoTimer) {
  auto f = sample();
  EXPECT_EQ(C(R"({"all": [{"field": "status", "operator": "is", "value": "open"},
                          {"field": "tags", "operator": "contains", "value": "vip"}]})")
                .next_change_at(f, kNow),
            std::nullopt);
}

TEST(ConditionTimers, SettledOutcomesNeedNoTimer) {
  auto f = sample();
  f.created_at = kNow - kHour;
  const Millis flip = f.created_at + 4 * kHour + 1;
  const std::string later = R"({"field": "hours_since_created", "operator": "gt", "value": 4})";
  const std::string closed = R"({"field": "status", "operator": "is", "value": "closed"})";
  const std::string open = R"({"field": "status", "operator": "is", "value": "open"})";
  auto set = [](const std::string& all, const std::string& any) {
    return C(R"({"all": [)" + all + R"(], "any": [)" + any + "]}");
  };
  // A false `all` condition that time cannot change settles the outcome.
  EXPECT_EQ(set(closed + "," + later, "").next_change_at(f, kNow), std::nullopt);
  EXPECT_EQ(set(open + "," + later, "").next_change_at(f, kNow), flip);
  // So does an `any` list that is false for good.
  EXPECT_EQ(set(later, closed).next_change_at(f, kNow), std::nullopt);
  EXPECT_EQ(set(later, closed + "," + open).next_change_at(f, kNow), flip);
  // An `any` condition that holds for good makes the other `any` ones moot.
  EXPECT_EQ(set("", open + "," + later).next_change_at(f, kNow), std::nullopt);
  EXPECT_EQ(set("", closed + "," + later).next_change_at(f, kNow), flip);
}

TEST(ConditionTimers, EarliestFlipOfSeveralConditions) {
  auto f = sample();
  f.created_at = kNow - 3 * kHour;
  f.last_customer_reply_at = kNow - 30 * kMinute;
  f.next_sla_due_at = kNow + 3 * kHour;
  auto set = C(R"({"all": [{"field": "hours_since_created", "operator": "gte", "value": 4}],
                   "any": [{"field": "hours_since_customer_reply", "operator": "gt", "value": 2},
                           {"field": "minutes_to_breach", "operator": "lte", "value": 150}]})");
  // created + 4 h = now + 1 h; reply + 2 h = now + 1.5 h; due - 150 min = now + 30 min.
  EXPECT_EQ(set.next_change_at(f, kNow), kNow + 30 * kMinute);
  EXPECT_FALSE(set.matches(f, kNow + 30 * kMinute));  // early is allowed
  EXPECT_EQ(set.next_change_at(f, kNow + 30 * kMinute), kNow + kHour);
  EXPECT_TRUE(set.matches(f, kNow + kHour));
  EXPECT_EQ(set.next_change_at(f, kNow + kHour), std::nullopt);  // both settled true
}

TEST(ConditionTimers, SlaBreachedWakesAtTheBreachInstant) {
  auto f = sample();
  const Millis due = *f.next_sla_due_at;
  auto rule = one("sla_breached", "is", "true");
  EXPECT_EQ(rule.next_change_at(f, kNow), breach_at(due));
  EXPECT_EQ(rule.next_change_at(f, breach_at(due)), std::nullopt);
  f.sla_breached = true;
  EXPECT_EQ(rule.next_change_at(f, kNow), std::nullopt);
  f.sla_breached = false;
  f.next_sla_due_at.reset();
  EXPECT_EQ(rule.next_change_at(f, kNow), std::nullopt);
}

// Exhaustive check on a small scale: thresholds of a few milliseconds, every
// millisecond walked, so any timer that comes late (a change of matches()
// before next_change_at) is caught.
TEST(ConditionTimers, NeverLaterThanARealChange) {
  std::mt19937 rng(20260105);
  const std::vector<std::string> fields = {"hours_since_created", "hours_since_updated",
                                           "hours_since_assigned", "minutes_to_breach"};
  const std::vector<std::string> ops = {"lt", "lte", "gt", "gte"};
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  for (int round = 0; round < 300; ++round) {
    auto condition = [&] {
      const std::string& field = fields[pick(fields.size())];
      int ms = static_cast<int>(pick(60));
      double value = field == "minutes_to_breach" ? ms / 60'000.0 : ms / 3'600'000.0;
      json::object c{{"field", field}, {"operator", ops[pick(ops.size())]}, {"value", value}};
      return json::value(c);
    };
    json::array all, any;
    for (std::size_t i = pick(3); i > 0; --i) all.push_back(condition());
    for (std::size_t i = pick(3); i > 0; --i) any.push_back(condition());
    auto set = ConditionSet::parse_or_throw(json::object{{"all", all}, {"any", any}});

    TicketFacts f;
    f.created_at = static_cast<Millis>(pick(40));
    f.updated_at = static_cast<Millis>(pick(40));
    if (pick(3) != 0) f.assigned_at = static_cast<Millis>(pick(40));
    if (pick(3) != 0) f.next_sla_due_at = static_cast<Millis>(pick(120));

    Millis now = 0;
    while (now < 200) {
      auto next = set.next_change_at(f, now);
      if (next) {
        ASSERT_GT(*next, now);
      }
      const Millis until = next.value_or(200);
      const bool at_now = set.matches(f, now);
      for (Millis t = now + 1; t < until && t < 200; ++t) {
        ASSERT_EQ(set.matches(f, t), at_now)
            << json::serialize(set.to_json()) << " now=" << now << " t=" << t;
      }
      now = until;
    }
  }
}

// ---------------------------------------------------------------------------
// Serialisation

TEST(ConditionJson, RoundTripsWhatWasParsed) {
  const char* text = R"({
    "all": [
      {"field": "status", "operator": "in", "value": ["open", "reopened"]},
      {"field": "priority", "operator": "gte", "value": "high"},
      {"field": "assignee_id", "operator": "is", "value": null},
      {"field": "department_id", "operator": "not_in", "value": [3, null]},
      {"field": "hours_since_created", "operator": "gt", "value": 4},
      {"field": "hours_since_customer_reply", "operator": "lte", "value": 1.5},
      {"field": "sla_breached", "operator": "is", "value": false}
    ],
    "any": [
      {"field": "tags", "operator": "contains", "value": "vip"},
      {"field": "subject", "operator": "contains", "value": "Refund"},
      {"field": "minutes_to_breach", "operator": "lt", "value": 30}
    ]
  })";
  auto set = C(text);
  EXPECT_EQ(set.all().size(), 7u);
  EXPECT_EQ(set.any().size(), 3u);
  EXPECT_EQ(set.to_json(), J(text));
  EXPECT_EQ(C(json::serialize(set.to_json())), set);
  // Whole numbers stay integers on the wire, fractions stay fractions.
  EXPECT_TRUE(set.all()[4].value().is_int64());
  EXPECT_TRUE(set.all()[5].value().is_double());
}

TEST(ConditionJson, WritesBothListsAndTrimmedTagNames) {
  auto set = C(R"({"any": [{"field": "tags", "operator": "in", "value": [" vip", "new "]}]})");
  EXPECT_EQ(set.to_json(), J(R"({"all": [], "any": [{"field": "tags", "operator": "in",
                                                     "value": ["vip", "new"]}]})"));
  EXPECT_EQ(C("null").to_json(), J(R"({"all": [], "any": []})"));
  EXPECT_NE(C(R"({"all": [{"field": "priority", "operator": "lt", "value": "high"}]})"),
            C(R"({"all": [{"field": "priority", "operator": "lte", "value": "high"}]})"));
}

TEST(ConditionJson, ActionsRoundTrip) {
  const char* text = R"([
    {"type": "change_status", "value": "waiting_on_agent"},
    {"type": "assign", "value": 5},
    {"type": "add_tag", "value": "stale"},
    {"type": "remove_tag", "value": "new"},
    {"type": "change_priority", "value": "low"},
    {"type": "add_note", "value": "  Pinged.  "},
    {"type": "set_ticket_type", "value": "task"}
  ])";
  auto list = ActionList::parse_or_throw(J(text), RuleKind::kAutomation);
  EXPECT_EQ(list.to_json(), J(text));
  EXPECT_EQ(ActionList::parse_or_throw(list.to_json(), RuleKind::kAutomation), list);

  auto escalation = ActionList::parse_or_throw(
      J(R"([{"type": "escalate", "value": "x"}, {"type": "assign_to", "value": 9}])"),
      RuleKind::kEscalation);
  EXPECT_EQ(escalation.to_json(), J(R"([{"type": "escalate", "value": null},
                                         {"type": "assign_to", "value": 9}])"));
}

}  // namespace
}  // namespace escalated::core
