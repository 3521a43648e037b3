// The rule language: conditions and actions of escalation rules and
// automations, and macro actions, from any JSON. A set that parses must
// evaluate, and must read back the same from what it writes.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/conditions.h"
#include "core/macro_actions.h"

namespace core = escalated::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  boost::json::value json =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec) return 0;
  core::FieldErrors errors;
  if (auto set = core::ConditionSet::parse(json, &errors)) {
    core::TicketFacts facts;
    facts.tags = {"vip", "billing"};
    facts.subject = "Printer on fire";
    facts.assignee_id = 2;
    facts.next_sla_due_at = 3'600'000;
    set->matches(facts, 1'000'000);
    set->next_change_at(facts, 1'000'000);
    core::FieldErrors again;
    auto reread = core::ConditionSet::parse(set->to_json(), &again);
    if (!reread || !(*reread == *set)) std::abort();
  }
  if (json.is_object()) {
    const auto& object = json.as_object();
    if (const auto* actions = object.if_contains("actions")) {
      for (auto kind : {core::RuleKind::kEscalation, core::RuleKind::kAutomation}) {
        if (auto list = core::ActionList::parse(*actions, kind, &errors)) {
          auto reread = core::ActionList::parse(list->to_json(), kind, &errors);
          if (!reread || !(*reread == *list)) std::abort();
        }
      }
      core::parse_macro_actions(*actions, &errors);
    }
  }
  return 0;
}
