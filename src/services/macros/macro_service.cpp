#include "services/macros/macro_service.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "core/errors.h"
#include "core/placeholders.h"
#include "core/tag_name.h"
#include "core/text.h"
#include "core/time_format.h"
#include "security/markdown.h"
#include "services/base/journal.h"
#include "services/base/stored_json.h"

namespace escalated::services {

namespace json = boost::json;
using core::Permission;
using store::canned::CannedResponseRecord;
using store::macros::MacroRecord;

namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxDescription = 2000;

// A trimmed name of 1 to `limit` characters, or a field error.
void check_name(const std::optional<std::string>& value, const char* field, std::size_t limit,
                bool creating, core::FieldErrorCollector& errors) {
  if (!value) {
    if (creating) errors.add(field, "is required");
    return;
  }
  std::string name = core::trim(*value);
  if (name.empty()) errors.add(field, "must not be empty");
  if (name.size() > limit)
    errors.add(field, "must be at most " + std::to_string(limit) + " characters");
  if (core::has_control_characters(name)) errors.add(field, "must not contain control characters");
}

// Personal ones are their owner's; shared ones every staff member's.
template <typename Record>
Record visible_or_404(std::optional<Record> record, const core::Actor& actor, const char* what) {
  if (!record || (!record->shared && record->owner_id != actor.user_id))
    throw core::NotFound(std::string("No such ") + what + ".");
  return std::move(*record);
}

std::vector<core::MacroAction> stored_actions(const std::string& text) {
  core::FieldErrors ignored;
  return core::parse_macro_actions(parse_stored(text), &ignored)
      .value_or(std::vector<core::MacroAction>{});
}

}  // namespace

// Canned responses ---------------------------------------------------------

std::vector<CannedResponseRecord> MacroService::list_responses(const core::Actor& actor) {
  require(actor, Permission::kTicketView);
  return ctx_.db.read(
      [&](store::Connection& c) { return store::canned::visible_to(c, actor.user_id); });
}

namespace {

void apply_fields(const CannedResponseFields& f, bool creating, const core::Actor& actor,
                  CannedResponseRecord& r) {
  core::FieldErrorCollector errors;
  check_name(f.title, "title", kMaxTitle, creating, errors);
  if (f.body) {
    std::string body = core::trim(*f.body);
    if (body.empty()) errors.add("body", "must not be empty");
    if (body.size() > core::kMaxMacroText) errors.add("body", "must be at most 65536 characters");
    for (const auto& p : core::placeholder_problems(body, core::agent_placeholders()))
      errors.add("body", p);
  } else if (creating) {
    errors.add("body", "is required");
  }
  errors.raise_if_any();
  if (f.title) r.title = core::trim(*f.title);
  if (f.body) r.body = core::trim(*f.body);
  if (f.shared) r.shared = *f.shared;
  // Sharing (and changing what is shared) speaks for the team.
  if (r.shared) require(actor, Permission::kMacroManage);
}

}  // namespace

CannedResponseRecord MacroService::create_response(const core::Actor& actor,
                                                   const CannedResponseFields& fields) {
  require(actor, Permission::kTicketView);
  CannedResponseRecord r;
  r.owner_id = actor.user_id;
  apply_fields(fields, true, actor, r);
  r.created_at = r.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    r.id = store::canned::insert(c, r);
    Journal(c, &actor, r.created_at)
        .audit("canned_response", r.id, "created", nullptr, canned_response_json(r));
  });
  return r;
}

CannedResponseRecord MacroService::update_response(const core::Actor& actor, std::int64_t id,
                                                   const CannedResponseFields& fields) {
  require(actor, Permission::kTicketView);
  return ctx_.db.write([&](store::Connection& c) {
    CannedResponseRecord r = visible_or_404(store::canned::find(c, id), actor, "canned response");
    if (r.shared) require(actor, Permission::kMacroManage);
    json::object before = canned_response_json(r);
    apply_fields(fields, false, actor, r);
    r.updated_at = ctx_.clock.now();
    store::canned::update(c, r);
    Journal(c, &actor, r.updated_at)
        .audit("canned_response", r.id, "updated", before, canned_response_json(r));
    return r;
  });
}

void MacroService::remove_response(const core::Actor& actor, std::int64_t id) {
  require(actor, Permission::kTicketView);
  ctx_.db.write([&](store::Connection& c) {
    CannedResponseRecord r = visible_or_404(store::canned::find(c, id), actor, "canned response");
    if (r.shared) require(actor, Permission::kMacroManage);
    store::canned::remove(c, id);
    Journal(c, &actor, ctx_.clock.now())
        .audit("canned_response", id, "deleted", canned_response_json(r), nullptr);
  });
}

RenderedResponse MacroService::render_response(const core::Actor& actor, std::int64_t id,
                                               std::string_view ticket_key) {
  require(actor, Permission::kTicketView);
  CannedResponseRecord r = ctx_.db.read([&](store::Connection& c) {
    return visible_or_404(store::canned::find(c, id), actor, "canned response");
  });
  RenderedResponse out;
  out.body = tickets_.fill_placeholders(actor, ticket_key, r.body);
  out.body_html = security::render_markdown(out.body);
  return out;
}

// Macros -------------------------------------------------------------------

std::vector<MacroRecord> MacroService::list_macros(const core::Actor& actor) {
  if (!actor.can(Permission::kMacroView)) require(actor, Permission::kMacroManage);
  return ctx_.db.read(
      [&](store::Connection& c) { return store::macros::visible_to(c, actor.user_id); });
}

namespace {

void apply_fields(const MacroFields& f, bool creating, MacroRecord& m) {
  core::FieldErrorCollector errors;
  check_name(f.name, "name", kMaxName, creating, errors);
  if (f.description && f.description->size() > kMaxDescription)
    errors.add("description", "must be at most 2000 characters");
  if (creating && !f.actions) errors.add("actions", "is required");
  errors.raise_if_any();
  if (f.name) m.name = core::trim(*f.name);
  if (f.description) m.description = core::trim(*f.description);
  if (f.shared) m.shared = *f.shared;
  if (f.actions) m.actions_json = json::serialize(core::macro_actions_json(*f.actions));
}

}  // namespace

MacroRecord MacroService::create_macro(const core::Actor& actor, const MacroFields& fields) {
  require(actor, Permission::kMacroManage);
  MacroRecord m;
  m.owner_id = actor.user_id;
  apply_fields(fields, true, m);
  m.created_at = m.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    m.id = store::macros::insert(c, m);
    Journal(c, &actor, m.created_at).audit("macro", m.id, "created", nullptr, macro_json(m));
  });
  return m;
}

MacroRecord MacroService::update_macro(const core::Actor& actor, std::int64_t id,
                                       const MacroFields& fields) {
  require(actor, Permission::kMacroManage);
  return ctx_.db.write([&](store::Connection& c) {
    MacroRecord m = visible_or_404(store::macros::find(c, id), actor, "macro");
    json::object before = macro_json(m);
    apply_fields(fields, false, m);
    m.updated_at = ctx_.clock.now();
    store::macros::update(c, m);
    Journal(c, &actor, m.updated_at).audit("macro", m.id, "updated", before, macro_json(m));
    return m;
  });
}

void MacroService::remove_macro(const core::Actor& actor, std::int64_t id) {
  require(actor, Permission::kMacroManage);
  ctx_.db.write([&](store::Connection& c) {
    MacroRecord m = visible_or_404(store::macros::find(c, id), actor, "macro");
    store::macros::remove(c, id);
    Journal(c, &actor, ctx_.clock.now()).audit("macro", id, "deleted", macro_json(m), nullptr);
  });
}

std::vector<core::MacroAction> MacroService::usable_macro(const core::Actor& actor, std::int64_t id,
                                                          const std::string& field) {
  if (!actor.can(Permission::kMacroView)) require(actor, Permission::kMacroManage);
  auto macro = ctx_.db.read([&](store::Connection& c) { return store::macros::find(c, id); });
  if (!macro || (!macro->shared && macro->owner_id != actor.user_id))
    throw core::ValidationError(field, "does not name a macro you may use");
  return stored_actions(macro->actions_json);
}

AppliedActions MacroService::apply_macro(const core::Actor& actor, std::string_view ticket_key,
                                         std::int64_t macro_id, bool preview) {
  std::vector<core::MacroAction> actions = usable_macro(actor, macro_id, "macro_id");
  return tickets_.apply_actions(actor, ticket_key, actions, "macro_applied", preview);
}

// Bulk ---------------------------------------------------------------------

std::vector<BulkResult> MacroService::bulk(const core::Actor& actor, const BulkAction& input) {
  require(actor, Permission::kTicketView);
  core::FieldErrorCollector errors;
  if (input.ticket_ids.empty() || input.ticket_ids.size() > kMaxBulkTickets)
    errors.add("ticket_ids", "must hold 1 to 100 ticket ids");
  std::vector<core::MacroAction> actions;
  std::string path;
  if (input.action == "macro") {
    if (!input.value.is_int64() || input.value.as_int64() <= 0) {
      errors.add("value", "must be the id of a macro");
    } else {
      errors.raise_if_any();
      actions = usable_macro(actor, input.value.as_int64(), "value");
      path = "actions";
    }
  } else {
    auto type = core::parse_macro_action_type(input.action);
    if (!type || *type == core::MacroActionType::kReply || *type == core::MacroActionType::kNote) {
      errors.add("action",
                 "must be one of status, priority, assign, department, add_tag, remove_tag, "
                 "macro");
    } else {
      core::FieldErrors found;
      auto action = core::parse_macro_action(
          json::object{{"type", input.action}, {"value", input.value}}, "action", &found);
      if (action)
        actions.push_back(std::move(*action));
      else
        for (const auto& [_, messages] : found)
          for (const auto& m : messages) errors.add("value", m);
    }
  }
  errors.raise_if_any();

  std::vector<BulkResult> results;
  std::set<std::int64_t> seen;
  for (std::int64_t id : input.ticket_ids) {
    if (!seen.insert(id).second) continue;
    BulkResult result{id, false, std::nullopt};
    try {
      tickets_.apply_actions(actor, std::to_string(id), actions,
                             input.action == "macro" ? "macro_applied" : "bulk_" + input.action,
                             false, path);
      result.ok = true;
    } catch (const core::Error& e) {
      result.error = e.what();
    } catch (const core::StorageError&) {
      result.error = "The database could not complete the change.";
    }
    results.push_back(std::move(result));
  }
  return results;
}

// Encoders -----------------------------------------------------------------

json::object canned_response_json(const CannedResponseRecord& r) {
  return {{"id", r.id},
          {"owner_id", r.owner_id},
          {"title", r.title},
          {"body", r.body},
          {"shared", r.shared},
          {"created_at", core::format_rfc3339(r.created_at)},
          {"updated_at", core::format_rfc3339(r.updated_at)}};
}

json::object macro_json(const MacroRecord& m) {
  return {{"id", m.id},
          {"owner_id", m.owner_id},
          {"name", m.name},
          {"description", m.description},
          {"shared", m.shared},
          {"actions", core::macro_actions_json(stored_actions(m.actions_json))},
          {"created_at", core::format_rfc3339(m.created_at)},
          {"updated_at", core::format_rfc3339(m.updated_at)}};
}

json::object applied_actions_json(const AppliedActions& applied, const std::string& prefix) {
  json::array changes;
  for (const auto& o : applied.outcomes)
    changes.push_back(json::object{{"index", o.index},
                                   {"type", core::to_string(o.type)},
                                   {"changed", o.changed},
                                   {"from", o.from},
                                   {"to", o.to}});
  return {{"ticket", ticket_json(applied.view, prefix)}, {"changes", std::move(changes)}};
}

}  // namespace escalated::services
