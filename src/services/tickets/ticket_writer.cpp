#include "services/tickets/ticket_writer.h"

#include "core/errors.h"
#include "core/time_format.h"
#include "escalated/events.h"
#include "security/markdown.h"
#include "store/catalog_repo.h"
#include "store/job_repo.h"
#include "store/ticket_repo.h"

namespace escalated::services {

namespace json = boost::json;
using core::TicketStatus;

namespace {

std::string auto_close_key(std::int64_t ticket_id) {
  return "auto_close:" + std::to_string(ticket_id);
}

}  // namespace

std::string snooze_key(std::int64_t ticket_id) {
  return "snooze:" + std::to_string(ticket_id);
}

std::string rule_check_key(std::int64_t ticket_id) {
  return "rules:" + std::to_string(ticket_id);
}

void TicketWriter::schedule_rule_check(store::Connection& c, std::int64_t ticket_id,
                                       core::Millis now) {
  if (rules_active_ && rules_active_(c))
    store::jobs::schedule(c, rule_check_key(ticket_id), kRuleCheckJob, ticket_id, now, now);
}

void TicketWriter::set_priority(store::TicketRecord& t, core::Priority priority, Journal& journal,
                                TicketChange& change) {
  if (t.priority == priority) return;
  std::string from(core::to_string(t.priority)), to(core::to_string(priority));
  t.priority = priority;
  journal.activity(t.id, "priority_changed", {{"from", from}, {"to", to}});
  if (!change.old_values.contains("priority")) change.old_values["priority"] = from;
  change.new_values["priority"] = to;
  change.events.emplace_back(event_types::kTicketPriorityChanged,
                             json::object{{"from", from}, {"to", to}});
}

void TicketWriter::set_assignee(store::TicketRecord& t,
                                const std::optional<store::UserRecord>& agent, Journal& journal,
                                TicketChange& change) {
  std::optional<std::int64_t> id = agent ? std::optional(agent->id) : std::nullopt;
  if (t.assignee_id == id) return;
  if (!change.old_values.contains("assignee_id"))
    change.old_values["assignee_id"] = t.assignee_id ? json::value(*t.assignee_id) : nullptr;
  if (agent) {
    change.new_values["assignee_id"] = agent->id;
    t.assignee_id = agent->id;
    t.assignee_name = agent->name;
    t.assigned_at = journal.now();
    json::object who{{"id", agent->id}, {"name", agent->name}};
    journal.activity(t.id, "assigned", {{"assignee", who}});
    change.events.emplace_back(event_types::kTicketAssigned, json::object{{"assignee", who}});
  } else {
    change.new_values["assignee_id"] = nullptr;
    json::object extra{{"previous_assignee_id", *t.assignee_id}};
    t.assignee_id.reset();
    t.assigned_at.reset();
    journal.activity(t.id, "unassigned", extra);
    change.events.emplace_back(event_types::kTicketUnassigned, extra);
  }
}

void TicketWriter::set_department(store::TicketRecord& t,
                                  const std::optional<store::DepartmentRecord>& department,
                                  Journal& journal, TicketChange& change) {
  std::optional<std::int64_t> id = department ? std::optional(department->id) : std::nullopt;
  if (t.department_id == id) return;
  json::value from = t.department_id ? json::value(*t.department_id) : nullptr;
  json::value to = id ? json::value(*id) : nullptr;
  if (!change.old_values.contains("department_id")) change.old_values["department_id"] = from;
  change.new_values["department_id"] = to;
  t.department_id = id;
  journal.activity(t.id, "department_changed", {{"from", from}, {"to", to}});
  change.events.emplace_back(event_types::kTicketDepartmentChanged,
                             json::object{{"from", from}, {"to", to}});
}

void TicketWriter::set_ticket_type(store::TicketRecord& t, core::TicketType type, Journal& journal,
                                   TicketChange& change) {
  if (t.ticket_type == type) return;
  std::string from(core::to_string(t.ticket_type)), to(core::to_string(type));
  t.ticket_type = type;
  journal.activity(t.id, "ticket_type_changed", {{"from", from}, {"to", to}});
  if (!change.old_values.contains("ticket_type")) change.old_values["ticket_type"] = from;
  change.new_values["ticket_type"] = to;
  change.events.emplace_back(event_types::kTicketUpdated,
                             json::object{{"changes", json::object{{"ticket_type", to}}}});
}

void TicketWriter::change_tags(store::Connection& c, store::TicketRecord& t,
                               const std::vector<store::TagRecord>& add,
                               const std::vector<store::TagRecord>& remove, Journal& journal,
                               TicketChange& change) {
  json::array added, removed;
  for (const auto& tag : add) {
    if (!store::tickets::add_tag(c, t.id, tag.id)) continue;
    added.push_back(tag_json(tag));
    change.events.emplace_back(event_types::kTicketTagAdded, json::object{{"tag", tag_json(tag)}});
  }
  for (const auto& tag : remove) {
    if (!store::tickets::remove_tag(c, t.id, tag.id)) continue;
    removed.push_back(tag_json(tag));
    change.events.emplace_back(event_types::kTicketTagRemoved,
                               json::object{{"tag", tag_json(tag)}});
  }
  if (added.empty() && removed.empty()) return;
  journal.activity(t.id, "tags_changed", {{"added", added}, {"removed", removed}});
  change.new_values["tags_added"] = added;
  change.new_values["tags_removed"] = removed;
}

store::TagRecord TicketWriter::tag_named(store::Connection& c, Journal& journal,
                                         const std::string& name) {
  if (auto tag = store::catalog::find_tag_by_name(c, name)) return *tag;
  store::TagRecord fresh;
  fresh.name = name;
  fresh.color = "#6b7280";
  fresh.created_at = fresh.updated_at = journal.now();
  fresh.id = store::catalog::insert_tag(c, fresh);
  journal.audit("tag", fresh.id, "created", nullptr, tag_json(fresh));
  return fresh;
}

store::ReplyRecord TicketWriter::add_note(store::Connection& c, store::TicketRecord& t,
                                          std::optional<std::int64_t> author_id,
                                          const std::string& body, Journal& journal,
                                          TicketChange& change) {
  store::ReplyRecord r;
  r.ticket_id = t.id;
  r.author_id = author_id;
  r.body = body;
  r.body_html = security::render_markdown(body);
  r.is_internal_note = true;
  r.created_at = journal.now();
  r.id = store::tickets::insert_reply(c, r);
  r = *store::tickets::find_reply(c, r.id);
  journal.activity(t.id, "note_added", {{"reply_id", r.id}});
  journal.audit("reply", r.id, "created", nullptr, reply_json(r));
  change.events.emplace_back(event_types::kNoteCreated, json::object{{"reply", reply_json(r)}});
  return r;
}

void TicketWriter::publish(store::Connection& c, Journal& journal, std::int64_t ticket_id,
                           const PendingEvents& events) {
  if (events.empty()) return;
  json::object ticket = ticket_json(load_view(c, ticket_id), ctx_.options.ticket_reference_prefix);
  for (const auto& [type, extra] : events) {
    json::object payload = extra;
    payload["ticket"] = ticket;
    journal.event(type, ticket_id, payload);
  }
}

TicketView TicketWriter::load_view(store::Connection& c, std::int64_t id) {
  auto t = core::found_or_404(store::tickets::find(c, id), "ticket");
  auto tags = store::tickets::tags_of(c, {id});
  TicketView view{t, tags[id], std::nullopt};
  sla_.attach_view(c, view);
  return view;
}

void TicketWriter::move_status(store::TicketRecord& t, TicketStatus target,
                               const core::TransitionTable& table, Journal& journal,
                               TicketChange& change) {
  if (!table.allows(t.status, target)) {
    std::vector<std::string> allowed;
    for (TicketStatus s : table.targets(t.status)) allowed.emplace_back(core::to_string(s));
    throw core::Conflict("A ticket that is " + std::string(core::to_string(t.status)) +
                             " cannot move to " + std::string(core::to_string(target)) + ".",
                         allowed);
  }
  TicketStatus from = t.status;
  core::Millis now = journal.now();
  if (!change.previous_status) change.previous_status = from;
  t.status = target;
  if (target == TicketStatus::kResolved) t.resolved_at = now;
  if (target == TicketStatus::kClosed) t.closed_at = now;
  if (target == TicketStatus::kReopened) {
    t.resolved_at.reset();
    t.closed_at.reset();
  }
  // A resolved or closed ticket is out of the queue: a snooze on it ends
  // with it (the wake-up job, if still pending, finds nothing to wake).
  if (core::is_done(target) && t.snoozed_until) {
    if (!change.old_values.contains("snoozed_until"))
      change.old_values["snoozed_until"] = core::format_rfc3339(*t.snoozed_until);
    change.new_values["snoozed_until"] = nullptr;
    t.snoozed_until.reset();
  }
  journal.activity(t.id, "status_changed",
                   {{"from", core::to_string(from)}, {"to", core::to_string(target)}});
  if (!change.old_values.contains("status")) change.old_values["status"] = core::to_string(from);
  change.new_values["status"] = core::to_string(target);
  json::object extra{{"from", core::to_string(from)}, {"to", core::to_string(target)}};
  change.events.emplace_back(event_types::kTicketStatusChanged, extra);
  switch (target) {
    case TicketStatus::kEscalated:
      change.events.emplace_back(event_types::kTicketEscalated, extra);
      break;
    case TicketStatus::kResolved:
      change.events.emplace_back(event_types::kTicketResolved, extra);
      break;
    case TicketStatus::kClosed:
      change.events.emplace_back(event_types::kTicketClosed, extra);
      break;
    case TicketStatus::kReopened:
      change.events.emplace_back(event_types::kTicketReopened, extra);
      break;
    default:
      break;
  }
}

TicketView TicketWriter::commit(store::Connection& c, Journal& journal, store::TicketRecord& t,
                                TicketChange& change, bool recheck_rules) {
  if (change.empty()) return load_view(c, t.id);
  core::Millis now = journal.now();
  t.updated_at = now;
  store::tickets::update(c, t);
  TicketStatus previous = change.previous_status.value_or(t.status);
  sla_.sync(c, t, previous, journal, change.events);
  // A resolved ticket closes by itself after AutoCloseResolvedAfterDays; the
  // timer goes when it leaves resolved first.
  if (previous != t.status) {
    if (t.status == TicketStatus::kResolved && ctx_.options.auto_close_resolved_after_days > 0) {
      core::Millis at =
          now + static_cast<core::Millis>(ctx_.options.auto_close_resolved_after_days) * 86'400'000;
      store::jobs::schedule(c, auto_close_key(t.id), kAutoCloseJob, t.id, at, now);
    } else if (previous == TicketStatus::kResolved) {
      store::jobs::cancel(c, auto_close_key(t.id));
    }
  }
  if (recheck_rules) schedule_rule_check(c, t.id, now);
  TicketView view = load_view(c, t.id);
  if (!change.new_values.empty()) {
    journal.audit("ticket", t.id, change.action, change.old_values, change.new_values);
  }
  json::object ticket = ticket_json(view, ctx_.options.ticket_reference_prefix);
  for (const auto& [type, extra] : change.events) {
    json::object payload = extra;
    payload["ticket"] = ticket;
    journal.event(type, t.id, payload);
  }
  return view;
}

std::optional<SlaView> TicketWriter::started(store::Connection& c, Journal& journal,
                                             const store::TicketRecord& t, PendingEvents& events) {
  sla_.sync(c, t, t.status, journal, events);
  schedule_rule_check(c, t.id, journal.now());
  TicketView view{t, {}, std::nullopt};
  sla_.attach_view(c, view);
  return view.sla;
}

}  // namespace escalated::services
