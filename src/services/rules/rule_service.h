// The admin side of escalation rules and automations: CRUD with every
// mistake reported at once under its JSON path (conditions.all[1].operator,
// actions[0].value ...), and dry runs that show which tickets would match
// now. Saving makes the engine evaluate every open ticket again.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/conditions.h"
#include "core/errors.h"
#include "services/rules/rule_engine.h"

namespace escalated::services {

// What an admin gives for an escalation rule or an automation. An absent
// member leaves the stored one as it is; creating needs a name and actions.
struct RuleFields {
  std::optional<std::string> name;         // trimmed; 1 to 100 characters, unique per kind
  std::optional<std::string> description;  // at most 2000 characters
  std::optional<bool> active;
  std::optional<std::int64_t> position;  // 0 to 1000000
  // Absent when creating: the empty set, which matches every ticket.
  std::optional<core::ConditionSet> conditions;
  // Only the action types the rule's kind accepts (core::action_types_for).
  std::optional<core::ActionList> actions;
};

// What breaks the rules each member keeps on its own, under its JSON path
// ("name", "actions[1].type" ...). The service checks them before anything
// else; the API adds them to what it found reading a body, so one answer
// names every mistake. Uniqueness is checked when saving.
core::FieldErrors check_rule_fields(const RuleFields& fields, const std::string& kind,
                                    bool creating);

class RuleService {
 public:
  RuleService(ServiceContext& ctx, RuleEngine& engine, TicketWriter& writer)
      : ctx_(ctx), engine_(engine), writer_(writer) {}

  // `kind` is "escalation" or "automation". Reading is open to staff;
  // changes need an admin.
  std::vector<store::rules::RuleRecord> list(const core::Actor& actor, const std::string& kind);
  store::rules::RuleRecord get(const core::Actor& actor, const std::string& kind, std::int64_t id);
  store::rules::RuleRecord create(const core::Actor& actor, const std::string& kind,
                                  const RuleFields& fields);
  store::rules::RuleRecord update(const core::Actor& actor, const std::string& kind,
                                  std::int64_t id, const RuleFields& fields);
  void remove(const core::Actor& actor, const std::string& kind, std::int64_t id);
  // Tickets (not closed) the rule's conditions match now, at most `limit`.
  std::vector<TicketView> dry_run(const core::Actor& actor, const std::string& kind,
                                  std::int64_t id, int limit);
  // The same for a rule not saved yet: `fields` pass the checks of create
  // (ValidationError naming each part at fault otherwise; the name need not
  // be unused) and nothing is written.
  std::vector<TicketView> dry_run(const core::Actor& actor, const std::string& kind,
                                  const RuleFields& fields, int limit);

 private:
  // What both dry runs answer: the tickets `rule`'s conditions match now
  // that `actor` may see.
  std::vector<TicketView> matching(const core::Actor& actor, const store::rules::RuleRecord& rule,
                                   int limit);

  ServiceContext& ctx_;
  RuleEngine& engine_;
  TicketWriter& writer_;
};

boost::json::object rule_json(const store::rules::RuleRecord& rule);

}  // namespace escalated::services
