// SlaService and RuleService take typed inputs, and C++ hosts call them
// directly, past every check the API makes while reading a body: the
// services still refuse what breaks a rule (a day that is no weekday, a
// target out of range, an action of the other kind of rule ...), naming the
// field, and leave absent members as they are.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/conditions.h"
#include "services/rules/rule_service.h"
#include "services/sla/sla_service.h"
#include "services/tickets/ticket_writer.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::services {
namespace {

using escalated::testing::TestDatabase;

// The fields a call is refused for (422); empty when it is not refused.
template <typename Call>
std::set<std::string> refused(Call call) {
  try {
    call();
  } catch (const core::ValidationError& e) {
    std::set<std::string> fields;
    for (const auto& [field, messages] : e.errors()) fields.insert(field);
    return fields;
  }
  return {};
}

class TypedAdminInputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(1'800'000'000'000);
    db_ = store::Database::open(test_db_.url());
    store::migrate(*db_);
    ctx_.reset(new ServiceContext{*db_, options_, clock_, [] {}, {}});
    sla_engine_ = std::make_unique<SlaEngine>(*ctx_);
    writer_ = std::make_unique<TicketWriter>(*ctx_, *sla_engine_);
    rule_engine_ = std::make_unique<RuleEngine>(*ctx_, *writer_);
    sla_ = std::make_unique<SlaService>(*ctx_, *sla_engine_);
    rules_ = std::make_unique<RuleService>(*ctx_, *rule_engine_, *writer_);
    admin_.permissions = core::PermissionSet::all();
  }

  static BusinessScheduleFields office_hours(const std::string& name) {
    BusinessScheduleFields f;
    f.name = name;
    f.timezone = "Europe/Berlin";
    f.schedule = {{"monday", {{"09:00", "17:00"}}}, {"friday", {{"09:00", "12:00"}}}};
    return f;
  }
  static core::ActionList actions(const char* json, core::RuleKind kind) {
    return core::ActionList::parse_or_throw(boost::json::parse(json), kind);
  }

  TestDatabase test_db_;
  std::unique_ptr<store::Database> db_;
  core::ManualClock clock_;
  Options options_;
  std::unique_ptr<ServiceContext> ctx_;
  std::unique_ptr<SlaEngine> sla_engine_;
  std::unique_ptr<TicketWriter> writer_;
  std::unique_ptr<RuleEngine> rule_engine_;
  std::unique_ptr<SlaService> sla_;
  std::unique_ptr<RuleService> rules_;
  core::Actor admin_;
};

TEST_F(TypedAdminInputsTest, BusinessHoursKeepTheCalendarRules) {
  BusinessScheduleFields bad = office_hours("Office");
  (*bad.schedule)["funday"] = {{"09:00", "17:00"}};
  (*bad.schedule)["monday"] = {{"17:00", "09:00"}};
  bad.holidays = {{"Christmas", "2025-12-32", false}};
  EXPECT_EQ(
      refused([&] { sla_->create_schedule(admin_, bad); }),
      (std::set<std::string>{"schedule.funday", "schedule.monday[0].end", "holidays[0].date"}));
  BusinessScheduleFields incomplete;
  incomplete.name = "  ";
  EXPECT_EQ(refused([&] { sla_->create_schedule(admin_, incomplete); }),
            (std::set<std::string>{"name", "timezone", "schedule"}));
  EXPECT_TRUE(sla_->list_schedules(admin_).empty());

  auto office = sla_->create_schedule(admin_, office_hours("Office"));
  EXPECT_EQ(refused([&] { sla_->create_schedule(admin_, office_hours("Office")); }),
            std::set<std::string>{"name"});
  // Only what is given changes.
  BusinessScheduleFields rename;
  rename.name = " Berlin office ";
  auto renamed = sla_->update_schedule(admin_, office.id, rename);
  EXPECT_EQ(renamed.name, "Berlin office");
  EXPECT_EQ(renamed.timezone, "Europe/Berlin");
  EXPECT_EQ(calendar_spec(renamed).schedule.at("friday").at(0).end, "12:00");
  BusinessScheduleFields no_zone;
  no_zone.timezone = "";
  EXPECT_EQ(refused([&] { sla_->update_schedule(admin_, office.id, no_zone); }),
            std::set<std::string>{"timezone"});
}

TEST_F(TypedAdminInputsTest, PoliciesKeepTheirRangesAndPointAtBusinessHours) {
  SlaPolicyFields bad;
  bad.name = "Gold";
  bad.first_response_minutes = {{core::Priority::kHigh, -1}, {core::Priority::kLow, 60}};
  bad.resolution_minutes = {{core::Priority::kUrgent, 10'000'001}};
  bad.position = 1'000'001;
  EXPECT_EQ(refused([&] { sla_->create_policy(admin_, bad); }),
            (std::set<std::string>{"first_response_minutes.high", "resolution_minutes.urgent",
                                   "position"}));
  SlaPolicyFields dangling;
  dangling.name = "Gold";
  dangling.business_hours_id = std::optional<std::int64_t>(999);
  EXPECT_EQ(refused([&] { sla_->create_policy(admin_, dangling); }),
            std::set<std::string>{"business_hours_id"});

  SlaPolicyFields gold;
  gold.name = "Gold";
  gold.first_response_minutes = {{core::Priority::kHigh, 30}};
  gold.match = PolicyMatch{{}, {core::Priority::kHigh}, {core::TicketType::kIncident}};
  auto created = sla_->create_policy(admin_, gold);
  EXPECT_EQ(policy_targets(created).first_response_minutes.at(core::Priority::kHigh), 30);
  SlaPolicyFields off;
  off.active = false;
  auto updated = sla_->update_policy(admin_, created.id, off);
  EXPECT_FALSE(updated.active);
  EXPECT_EQ(updated.name, "Gold");
  EXPECT_EQ(policy_match(updated).ticket_types,
            std::vector<core::TicketType>{core::TicketType::kIncident});
}

TEST_F(TypedAdminInputsTest, RulesTakeOnlyTheActionsOfTheirKind) {
  RuleFields rule;
  rule.name = "Wake the team";
  // Parsed for automations, handed to an escalation rule.
  rule.actions = actions(R"([{"type": "add_tag", "value": "x"},
                             {"type": "change_status", "value": "open"}])",
                         core::RuleKind::kAutomation);
  EXPECT_EQ(refused([&] { rules_->create(admin_, "escalation", rule); }),
            std::set<std::string>{"actions[1].type"});
  rule.actions = core::ActionList();
  EXPECT_EQ(refused([&] { rules_->create(admin_, "escalation", rule); }),
            std::set<std::string>{"actions"});
  rule.actions.reset();
  rule.name = " ";
  rule.description = std::string(2001, 'x');
  rule.position = -1;
  EXPECT_EQ(refused([&] { rules_->create(admin_, "escalation", rule); }),
            (std::set<std::string>{"name", "description", "position", "actions"}));
  EXPECT_TRUE(rules_->list(admin_, "escalation").empty());

  rule = RuleFields();
  rule.name = "Wake the team";
  rule.actions = actions(R"([{"type": "escalate", "value": null}])", core::RuleKind::kEscalation);
  auto created = rules_->create(admin_, "escalation", rule);
  auto compiled = compile_rule(created);
  ASSERT_TRUE(compiled);
  EXPECT_TRUE(compiled->conditions.empty());  // absent: matches every ticket
  RuleFields quiet;
  quiet.active = false;
  auto updated = rules_->update(admin_, "escalation", created.id, quiet);
  EXPECT_FALSE(updated.active);
  EXPECT_EQ(updated.actions_json, created.actions_json);
}

}  // namespace
}  // namespace escalated::services
