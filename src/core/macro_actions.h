// What a macro or a bulk action does to a ticket: an ordered list of
// {"type", "value"} actions, the same wire shape as a rule's actions
// (core/conditions.h), with the agent's vocabulary:
//   status      a status name (through the transition table)
//   priority    a priority name
//   assign      a positive agent id, "me" (whoever applies it), or null
//   department  a positive department id, or null to clear it
//   add_tag, remove_tag   a tag name
//   reply, note Markdown with the placeholders of agent_placeholders()
// Parsed and checked when saved, so applying never meets a malformed one.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"

namespace escalated::core {

enum class MacroActionType {
  kStatus,
  kPriority,
  kAssign,
  kDepartment,
  kAddTag,
  kRemoveTag,
  kReply,
  kNote
};
std::string_view to_string(MacroActionType t);
std::optional<MacroActionType> parse_macro_action_type(std::string_view name);

inline constexpr std::size_t kMaxMacroActions = 50;
inline constexpr std::size_t kMaxMacroText = 65536;

struct MacroAction {
  MacroActionType type = MacroActionType::kStatus;
  // assign and department: the id, nullopt for none (or, with `me`, the
  // caller).
  std::optional<std::int64_t> id;
  bool me = false;
  // The status or priority name, the tag name (trimmed) or the Markdown.
  std::string text;

  boost::json::value to_json() const;
};

// The placeholders a canned response or a macro's reply and note may use.
const std::vector<std::string>& agent_placeholders();

// Checks one action's {"type", "value"}; adds every problem under
// "<path>.type" / "<path>.value" and returns nullopt when there is one.
std::optional<MacroAction> parse_macro_action(const boost::json::value& json,
                                              const std::string& path, FieldErrors* errors);
// An "actions" array of 1 to kMaxMacroActions actions, problems under
// "actions", "actions[2].value" ...
std::optional<std::vector<MacroAction>> parse_macro_actions(const boost::json::value& json,
                                                            FieldErrors* errors,
                                                            const std::string& path = "actions");
boost::json::value macro_actions_json(const std::vector<MacroAction>& actions);

}  // namespace escalated::core
