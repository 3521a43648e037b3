#include "services/rules/rule_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.h"
#include "core/time_format.h"
#include "services/base/journal.h"
#include "services/base/stored_json.h"
#include "services/tickets/ticket_visibility.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxDescription = 2000;

// Escalation rules and automations are managed by different people.
core::Permission manage_permission(const std::string& kind) {
  return kind == "automation" ? core::Permission::kAutomationManage
                              : core::Permission::kEscalationManage;
}

const char* noun(const std::string& kind) {
  return kind == "automation" ? "automation" : "escalation rule";
}

// The fields present, over `r`, after the checks of each member.
void apply(const RuleFields& f, bool creating, store::rules::RuleRecord& r) {
  core::FieldErrorCollector errors;
  errors.add_all(check_rule_fields(f, r.kind, creating));
  if (creating && !f.actions) errors.add("actions", "is required");
  errors.raise_if_any();
  if (f.name) r.name = core::trim(*f.name, " \t");
  if (f.description) r.description = *f.description;
  if (f.active) r.active = *f.active;
  if (f.position) r.position = *f.position;
  if (f.conditions)
    r.conditions_json = json::serialize(f.conditions->to_json());
  else if (creating)
    r.conditions_json = json::serialize(core::ConditionSet().to_json());  // matches every ticket
  if (f.actions) r.actions_json = json::serialize(f.actions->to_json());
}

}  // namespace

core::FieldErrors check_rule_fields(const RuleFields& f, const std::string& kind, bool creating) {
  core::FieldErrorCollector errors;
  if (f.name || creating) {
    std::string name = core::trim(f.name.value_or(""), " \t");
    if (name.empty()) errors.add("name", "is required");
    if (name.size() > kMaxName) errors.add("name", "must be at most 100 characters");
  }
  if (f.description && f.description->size() > kMaxDescription)
    errors.add("description", "must be a string of at most 2000 characters");
  if (f.position && (*f.position < 0 || *f.position > 1'000'000))
    errors.add("position", "must be a whole number from 0 to 1000000");
  // A list parsed for one kind may be handed to the other: the kind's own
  // parser says which actions it accepts, in its words.
  if (f.actions) {
    core::FieldErrors refused;
    core::ActionList::parse(f.actions->to_json(), rule_kind(kind), &refused);
    errors.add_all(refused);
  }
  return errors.errors();
}

json::object rule_json(const store::rules::RuleRecord& r) {
  json::value conditions = parse_stored(r.conditions_json);
  json::value actions = parse_stored(r.actions_json);
  return {{"id", r.id},
          {"name", r.name},
          {"description", r.description},
          {"active", r.active},
          {"position", r.position},
          {"conditions", conditions.is_object() ? conditions : json::object()},
          {"actions", actions.is_array() ? actions : json::array()},
          {"created_at", core::format_rfc3339(r.created_at)},
          {"updated_at", core::format_rfc3339(r.updated_at)}};
}

std::vector<store::rules::RuleRecord> RuleService::list(const core::Actor& actor,
                                                        const std::string& kind) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([&](store::Connection& c) { return store::rules::list(c, kind); });
}

store::rules::RuleRecord RuleService::get(const core::Actor& actor, const std::string& kind,
                                          std::int64_t id) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([&](store::Connection& c) {
    auto r = store::rules::find(c, id);
    if (!r || r->kind != kind) throw core::NotFound(std::string("No such ") + noun(kind) + ".");
    return *r;
  });
}

store::rules::RuleRecord RuleService::create(const core::Actor& actor, const std::string& kind,
                                             const RuleFields& fields) {
  require(actor, manage_permission(kind));
  store::rules::RuleRecord r;
  r.kind = kind;
  apply(fields, true, r);
  r.created_at = r.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    for (const auto& other : store::rules::list(c, kind))
      if (other.name == r.name) throw core::ValidationError("name", "is already used");
    r.id = store::rules::insert(c, r);
    Journal(c, &actor, r.created_at).audit(kind + "_rule", r.id, "created", nullptr, rule_json(r));
    engine_.rules_changed(c, r.created_at);
  });
  engine_.invalidate();
  ctx_.events_written();
  return r;
}

store::rules::RuleRecord RuleService::update(const core::Actor& actor, const std::string& kind,
                                             std::int64_t id, const RuleFields& fields) {
  require(actor, manage_permission(kind));
  auto out = ctx_.db.write([&](store::Connection& c) {
    auto r = store::rules::find(c, id);
    if (!r || r->kind != kind) throw core::NotFound(std::string("No such ") + noun(kind) + ".");
    auto before = rule_json(*r);
    apply(fields, false, *r);
    for (const auto& other : store::rules::list(c, kind))
      if (other.name == r->name && other.id != id)
        throw core::ValidationError("name", "is already used");
    r->updated_at = ctx_.clock.now();
    store::rules::update(c, *r);
    Journal(c, &actor, r->updated_at).audit(kind + "_rule", id, "updated", before, rule_json(*r));
    engine_.rules_changed(c, r->updated_at);
    return *r;
  });
  engine_.invalidate();
  ctx_.events_written();
  return out;
}

void RuleService::remove(const core::Actor& actor, const std::string& kind, std::int64_t id) {
  require(actor, manage_permission(kind));
  ctx_.db.write([&](store::Connection& c) {
    auto r = store::rules::find(c, id);
    if (!r || r->kind != kind) throw core::NotFound(std::string("No such ") + noun(kind) + ".");
    store::rules::remove(c, id);
    Journal(c, &actor, ctx_.clock.now())
        .audit(kind + "_rule", id, "deleted", rule_json(*r), nullptr);
  });
  engine_.invalidate();
}

std::vector<TicketView> RuleService::dry_run(const core::Actor& actor, const std::string& kind,
                                             std::int64_t id, int limit) {
  require(actor, manage_permission(kind));
  return matching(actor, get(actor, kind, id), limit);
}

std::vector<TicketView> RuleService::dry_run(const core::Actor& actor, const std::string& kind,
                                             const RuleFields& fields, int limit) {
  require(actor, manage_permission(kind));
  store::rules::RuleRecord r;
  r.kind = kind;
  apply(fields, true, r);  // the checks of create; nothing is stored
  return matching(actor, r, limit);
}

std::vector<TicketView> RuleService::matching(const core::Actor& actor,
                                              const store::rules::RuleRecord& r, int limit) {
  auto rule = compile_rule(r);
  if (!rule) throw core::Conflict("The rule no longer parses; save it again.");
  return ctx_.db.read([&](store::Connection& c) {
    std::vector<TicketView> out;
    // A dry run lists only what the caller may see: a rule manager kept to
    // their departments learns nothing of the others' tickets.
    auto visible = [&](const store::TicketRecord& t) { return sees(c, actor, t); };
    for (std::int64_t ticket_id : engine_.matching_tickets(c, rule->conditions, limit, visible))
      out.push_back(writer_.load_view(c, ticket_id));
    return out;
  });
}

}  // namespace escalated::services
