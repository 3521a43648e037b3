#include "core/macro_actions.h"

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <utility>

#include "core/enums.h"
#include "core/placeholders.h"
#include "core/tag_name.h"
#include "core/text.h"
#include "core/ticket_status.h"

namespace escalated::core {

namespace json = boost::json;

namespace {

constexpr std::array<std::pair<MacroActionType, std::string_view>, 8> kNames = {{
    {MacroActionType::kStatus, "status"},
    {MacroActionType::kPriority, "priority"},
    {MacroActionType::kAssign, "assign"},
    {MacroActionType::kDepartment, "department"},
    {MacroActionType::kAddTag, "add_tag"},
    {MacroActionType::kRemoveTag, "remove_tag"},
    {MacroActionType::kReply, "reply"},
    {MacroActionType::kNote, "note"},
}};

void add(FieldErrors* errors, const std::string& field, const std::string& message) {
  (*errors)[field].push_back(message);
}

}  // namespace

std::string_view to_string(MacroActionType t) {
  for (const auto& [type, name] : kNames)
    if (type == t) return name;
  return "status";
}

std::optional<MacroActionType> parse_macro_action_type(std::string_view name) {
  for (const auto& [type, n] : kNames)
    if (n == name) return type;
  return std::nullopt;
}

const std::vector<std::string>& agent_placeholders() {
  static const std::vector<std::string> names = {"ticket.reference", "ticket.subject",
                                                 "requester.name",   "requester.email",
                                                 "agent.name",       "department.name"};
  return names;
}

std::optional<MacroAction> parse_macro_action(const json::value& value, const std::string& path,
                                              FieldErrors* errors) {
  const json::object* o = value.if_object();
  if (!o) {
    add(errors, path, "must be an object with type and value");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& member : *o) {
    if (member.key() != "type" && member.key() != "value") {
      add(errors, path + "." + std::string(member.key()), "is unknown");
      ok = false;
    }
  }
  const json::value* type_json = o->if_contains("type");
  if (!type_json || !type_json->is_string()) {
    add(errors, path + ".type", type_json ? "must be a string" : "is required");
    return std::nullopt;
  }
  auto type = parse_macro_action_type(type_json->as_string());
  if (!type) {
    add(errors, path + ".type",
        "must be one of status, priority, assign, department, add_tag, remove_tag, reply, note");
    return std::nullopt;
  }
  MacroAction action;
  action.type = *type;
  const std::string at = path + ".value";
  const json::value* v = o->if_contains("value");
  auto fail = [&](const std::string& message) {
    add(errors, at, message);
    return std::nullopt;
  };
  switch (*type) {
    case MacroActionType::kStatus:
      if (!v || !v->is_string() || !parse_status(v->as_string()))
        return fail(
            "must be one of open, in_progress, waiting_on_customer, waiting_on_agent, escalated, "
            "resolved, closed, reopened");
      action.text = std::string(v->as_string());
      break;
    case MacroActionType::kPriority:
      if (!v || !v->is_string() || !parse_priority(v->as_string()))
        return fail("must be one of low, medium, high, urgent, critical");
      action.text = std::string(v->as_string());
      break;
    case MacroActionType::kAssign:
    case MacroActionType::kDepartment: {
      bool assign = *type == MacroActionType::kAssign;
      if (!v)
        return fail(assign ? "is required (an agent id, \"me\" or null)"
                           : "is required (a department id or null)");
      if (v->is_null()) break;
      if (assign && v->is_string() && v->as_string() == "me") {
        action.me = true;
        break;
      }
      if (v->is_int64() && v->as_int64() > 0) {
        action.id = v->as_int64();
        break;
      }
      if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        action.id = static_cast<std::int64_t>(v->as_uint64());
        break;
      }
      return fail(assign ? "must be a positive agent id, \"me\" or null"
                         : "must be a positive department id or null");
    }
    case MacroActionType::kAddTag:
    case MacroActionType::kRemoveTag: {
      if (!v || !v->is_string()) return fail("must be a tag name");
      std::string name = trim(v->as_string());
      if (auto problem = tag_name_problem(name)) return fail("tag name " + *problem);
      action.text = name;
      break;
    }
    case MacroActionType::kReply:
    case MacroActionType::kNote: {
      if (!v || !v->is_string()) return fail("must be Markdown text");
      std::string text = trim(v->as_string());
      if (text.empty()) return fail("must not be empty");
      if (text.size() > kMaxMacroText) return fail("must be at most 65536 characters");
      auto problems = placeholder_problems(text, agent_placeholders());
      if (!problems.empty()) {
        for (const auto& p : problems) add(errors, at, p);
        return std::nullopt;
      }
      action.text = text;
      break;
    }
  }
  if (!ok) return std::nullopt;
  return action;
}

std::optional<std::vector<MacroAction>> parse_macro_actions(const json::value& value,
                                                            FieldErrors* errors,
                                                            const std::string& path) {
  const json::array* items = value.if_array();
  if (!items) {
    add(errors, path, "must be a list of actions");
    return std::nullopt;
  }
  if (items->empty() || items->size() > kMaxMacroActions) {
    add(errors, path, "must hold 1 to " + std::to_string(kMaxMacroActions) + " actions");
    return std::nullopt;
  }
  std::vector<MacroAction> out;
  bool ok = true;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto action = parse_macro_action((*items)[i], path + "[" + std::to_string(i) + "]", errors);
    if (action)
      out.push_back(std::move(*action));
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

json::value MacroAction::to_json() const {
  json::value value;
  switch (type) {
    case MacroActionType::kAssign:
      value = me ? json::value("me") : id ? json::value(*id) : json::value(nullptr);
      break;
    case MacroActionType::kDepartment:
      value = id ? json::value(*id) : json::value(nullptr);
      break;
    default:
      value = text;
  }
  return json::object{{"type", to_string(type)}, {"value", std::move(value)}};
}

json::value macro_actions_json(const std::vector<MacroAction>& actions) {
  json::array out;
  for (const auto& a : actions) out.push_back(a.to_json());
  return out;
}

}  // namespace escalated::core
