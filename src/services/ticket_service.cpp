#include "services/ticket_service.h"

#include "core/errors.h"
#include "core/ticket_rules.h"
#include "core/time_format.h"
#include "escalated/events.h"
#include "services/catalog_service.h"
#include "services/journal.h"
#include "services/settings_service.h"
#include "store/catalog_repo.h"
#include "store/journal_repo.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace json = boost::json;
using core::TicketStatus;

namespace {

constexpr size_t kMaxSubject = 255;
constexpr size_t kMaxBody = 65536;

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// What one change did, gathered while it runs and written once the ticket
// row is up to date (events carry the ticket as it is after the change).
struct TicketChange {
  std::string action;  // audit action
  json::object old_values, new_values;
  std::vector<std::pair<std::string, json::object>> events;  // type, extra payload

  bool empty() const { return new_values.empty() && events.empty(); }
};

TicketView load_view(store::Connection& c, std::int64_t id) {
  auto t = store::tickets::find(c, id);
  if (!t) throw core::NotFound("No such ticket.");
  auto tags = store::tickets::tags_of(c, {id});
  return TicketView{*t, tags[id]};
}

void require_staff(const Actor& actor) {
  if (!actor.is_staff()) throw core::Forbidden("Only agents and administrators do this.");
}

// Moves the ticket to `target` if the table allows it, stamping resolved_at /
// closed_at, and records the status events. 409 names the allowed targets.
void move_status(store::TicketRecord& t, TicketStatus target, const core::TransitionTable& table,
                 core::Millis now, Journal& journal, TicketChange& change) {
  if (!table.allows(t.status, target)) {
    std::vector<std::string> allowed;
    for (TicketStatus s : table.targets(t.status)) allowed.emplace_back(core::to_string(s));
    throw core::Conflict("A ticket that is " + std::string(core::to_string(t.status)) +
                             " cannot move to " + std::string(core::to_string(target)) + ".",
                         allowed);
  }
  TicketStatus from = t.status;
  t.status = target;
  if (target == TicketStatus::kResolved) t.resolved_at = now;
  if (target == TicketStatus::kClosed) t.closed_at = now;
  if (target == TicketStatus::kReopened) {
    t.resolved_at.reset();
    t.closed_at.reset();
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

// Writes the ticket and everything the change leaves behind; returns the view.
TicketView commit_change(store::Connection& c, Journal& journal, store::TicketRecord& t,
                         const TicketChange& change, const std::string& prefix) {
  if (change.empty()) return load_view(c, t.id);
  t.updated_at = journal.now();
  store::tickets::update(c, t);
  TicketView view = load_view(c, t.id);
  if (!change.new_values.empty()) {
    journal.audit("ticket", t.id, change.action, change.old_values, change.new_values);
  }
  json::object ticket = ticket_json(view, prefix);
  for (const auto& [type, extra] : change.events) {
    json::object payload = extra;
    payload["ticket"] = ticket;
    journal.event(type, t.id, payload);
  }
  return view;
}

}  // namespace

core::TransitionTable TicketService::transitions(store::Connection& c) {
  return ctx_.settings_cache.transitions([&c] { return load_transitions(c); });
}

core::TransitionTable TicketService::transitions() {
  return ctx_.db.read([this](store::Connection& c) { return transitions(c); });
}

// Finds the ticket the key names, or NotFound when it does not exist or the
// caller may not see it: customers see only tickets they requested.
static store::TicketRecord load_visible(store::Connection& c, const Actor& actor,
                                        std::string_view key, const std::string& prefix) {
  auto id = core::parse_ticket_key(prefix, key);
  if (!id) throw core::NotFound("No such ticket.");
  auto t = store::tickets::find(c, *id);
  if (!t) throw core::NotFound("No such ticket.");
  if (!actor.is_staff() && t->requester_id != actor.user_id)
    throw core::NotFound("No such ticket.");
  return *t;
}

TicketView TicketService::create(const Actor& actor, const NewTicket& input) {
  core::FieldErrorCollector errors;
  std::string subject = trim(input.subject);
  std::string description = trim(input.description);
  if (subject.empty()) errors.add("subject", "is required");
  if (subject.size() > kMaxSubject) errors.add("subject", "must be at most 255 characters");
  if (description.empty()) errors.add("description", "is required");
  if (description.size() > kMaxBody) errors.add("description", "must be at most 65536 characters");
  auto priority = core::parse_priority(input.priority.value_or(ctx_.options.default_priority));
  if (!priority) errors.add("priority", "must be one of low, medium, high, urgent, critical");
  auto type = core::parse_ticket_type(input.ticket_type.value_or("question"));
  if (!type) errors.add("ticket_type", "must be one of question, problem, incident, task");
  errors.raise_if_any();

  core::Millis now = ctx_.clock.now();
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t;
    if (input.department_id) {
      auto department = store::catalog::find_department(c, *input.department_id);
      if (!department || !department->active) {
        throw core::ValidationError("department_id", "does not name an active department");
      }
      t.department_name = department->name;
    }
    t.subject = subject;
    t.description = description;
    t.status = TicketStatus::kOpen;
    t.priority = *priority;
    t.ticket_type = *type;
    t.channel = input.channel;
    t.requester_id = actor.user_id;
    t.requester_name = actor.name;
    t.requester_email = actor.email;
    t.department_id = input.department_id;
    t.created_at = t.updated_at = now;
    // Everything the view shows is known here; creation is the hottest
    // write, so it does not read the row back.
    t.id = store::tickets::insert(c, t);
    TicketView created{t, {}};
    Journal journal(c, &actor, now);
    journal.activity(t.id, "created", {{"channel", core::to_string(t.channel)}});
    json::object ticket = ticket_json(created, ctx_.options.ticket_reference_prefix);
    journal.audit("ticket", t.id, "created", nullptr, ticket);
    journal.event(event_types::kTicketCreated, t.id, {{"ticket", ticket}});
    return created;
  });
  ctx_.events_written();
  return view;
}

TicketDetail TicketService::get(const Actor& actor, std::string_view key) {
  return ctx_.db.read([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    TicketDetail d;
    d.view = load_view(c, t.id);
    d.replies = store::tickets::replies(c, t.id, actor.is_staff());
    if (actor.is_staff()) d.activities = store::journal::activities(c, t.id);
    d.allowed_statuses = transitions(c).targets(t.status);
    return d;
  });
}

TicketPage TicketService::list(const Actor& actor, core::TicketQuery query) {
  if (!actor.is_staff()) query.requester_id = actor.user_id;
  return ctx_.db.read([&](store::Connection& c) {
    store::tickets::Page page = store::tickets::list(c, query);
    std::vector<std::int64_t> ids;
    for (const auto& t : page.rows) ids.push_back(t.id);
    auto tags = store::tickets::tags_of(c, ids);
    TicketPage out;
    out.next_cursor = page.next_cursor;
    for (auto& t : page.rows) {
      std::int64_t id = t.id;
      out.items.push_back(TicketView{std::move(t), tags[id]});
    }
    return out;
  });
}

store::ReplyRecord TicketService::reply(const Actor& actor, std::string_view key,
                                        const std::string& body, bool internal_note) {
  std::string text = trim(body);
  core::FieldErrorCollector errors;
  if (text.empty()) errors.add("body", "is required");
  if (text.size() > kMaxBody) errors.add("body", "must be at most 65536 characters");
  errors.raise_if_any();
  if (internal_note) require_staff(actor);

  store::ReplyRecord reply = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    if (!core::accepts_replies(t.status)) {
      throw core::Conflict("The ticket is closed; reopen it before replying.",
                           {std::string(core::to_string(TicketStatus::kReopened))});
    }
    core::Millis now = ctx_.clock.now();
    Journal journal(c, &actor, now);
    store::ReplyRecord r;
    r.ticket_id = t.id;
    r.author_id = actor.user_id;
    r.body = text;
    r.is_internal_note = internal_note;
    r.created_at = now;
    r.id = store::tickets::insert_reply(c, r);
    r = *store::tickets::find_reply(c, r.id);
    journal.activity(t.id, internal_note ? "note_added" : "reply_added", {{"reply_id", r.id}});
    journal.audit("reply", r.id, "created", nullptr, reply_json(r));

    TicketChange change;
    change.action = "reply_status_moved";
    // The requester's reply hands the ticket back to the team; a staff
    // member's public reply hands it to the customer. Moves go through the
    // transition table, so an admin's workflow can switch them off.
    bool by_requester = t.requester_id == actor.user_id;
    std::optional<TicketStatus> next;
    if (!internal_note) {
      if (by_requester)
        next = core::status_after_requester_reply(t.status);
      else if (actor.is_staff())
        next = core::status_after_agent_reply(t.status);
    }
    core::TransitionTable table = transitions(c);
    if (next && table.allows(t.status, *next)) move_status(t, *next, table, now, journal, change);
    if (!internal_note && actor.is_staff() && !by_requester && !t.first_response_at) {
      t.first_response_at = now;
      change.new_values["first_response_at"] = core::format_rfc3339(now);
    }
    // Every reply touches the ticket, so queues sorted by activity see it.
    change.events.emplace_back(
        internal_note ? event_types::kNoteCreated : event_types::kReplyCreated,
        json::object{{"reply", reply_json(r)}});
    commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
    return r;
  });
  ctx_.events_written();
  return reply;
}

TicketView TicketService::change_status(const Actor& actor, std::string_view key,
                                        const std::string& status) {
  require_staff(actor);
  auto target = core::parse_status(status);
  if (!target) {
    throw core::ValidationError("status",
                                "must be one of open, in_progress, waiting_on_customer, "
                                "waiting_on_agent, escalated, resolved, closed, reopened");
  }
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = "status_changed";
    move_status(t, *target, transitions(c), journal.now(), journal, change);
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

TicketView TicketService::change_priority(const Actor& actor, std::string_view key,
                                          const std::string& priority) {
  require_staff(actor);
  auto p = core::parse_priority(priority);
  if (!p)
    throw core::ValidationError("priority", "must be one of low, medium, high, urgent, critical");
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = "priority_changed";
    if (t.priority != *p) {
      std::string from(core::to_string(t.priority));
      t.priority = *p;
      journal.activity(t.id, "priority_changed", {{"from", from}, {"to", priority}});
      change.old_values["priority"] = from;
      change.new_values["priority"] = priority;
      change.events.emplace_back(event_types::kTicketPriorityChanged,
                                 json::object{{"from", from}, {"to", priority}});
    }
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

TicketView TicketService::assign(const Actor& actor, std::string_view key,
                                 std::optional<std::int64_t> agent_id) {
  require_staff(actor);
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    if (agent_id) {
      auto agent = store::users::find(c, *agent_id);
      if (!agent || !core::is_staff(agent->role) || !agent->active) {
        throw core::ValidationError("agent_id", "does not name an active agent");
      }
      if (t.assignee_id != agent_id) {
        change.action = "assigned";
        change.old_values["assignee_id"] = t.assignee_id ? json::value(*t.assignee_id) : nullptr;
        change.new_values["assignee_id"] = *agent_id;
        t.assignee_id = agent_id;
        json::object who{{"id", agent->id}, {"name", agent->name}};
        journal.activity(t.id, "assigned", {{"assignee", who}});
        change.events.emplace_back(event_types::kTicketAssigned, json::object{{"assignee", who}});
      }
    } else if (t.assignee_id) {
      change.action = "unassigned";
      change.old_values["assignee_id"] = *t.assignee_id;
      change.new_values["assignee_id"] = nullptr;
      json::object extra{{"previous_assignee_id", *t.assignee_id}};
      t.assignee_id.reset();
      journal.activity(t.id, "unassigned", extra);
      change.events.emplace_back(event_types::kTicketUnassigned, extra);
    }
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

TicketView TicketService::set_department(const Actor& actor, std::string_view key,
                                         std::optional<std::int64_t> department_id) {
  require_staff(actor);
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    if (department_id) {
      auto department = store::catalog::find_department(c, *department_id);
      if (!department || !department->active) {
        throw core::ValidationError("department_id", "does not name an active department");
      }
    }
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = "department_changed";
    if (t.department_id != department_id) {
      json::value from = t.department_id ? json::value(*t.department_id) : nullptr;
      json::value to = department_id ? json::value(*department_id) : nullptr;
      change.old_values["department_id"] = from;
      change.new_values["department_id"] = to;
      t.department_id = department_id;
      journal.activity(t.id, "department_changed", {{"from", from}, {"to", to}});
      change.events.emplace_back(event_types::kTicketDepartmentChanged,
                                 json::object{{"from", from}, {"to", to}});
    }
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

TicketView TicketService::edit_tags(const Actor& actor, std::string_view key,
                                    const std::vector<TagRef>& add,
                                    const std::vector<TagRef>& remove) {
  require_staff(actor);
  core::FieldErrorCollector errors;
  for (const auto& ref : add) {
    if (!ref.id) {
      if (auto problem = tag_name_problem(trim(ref.name)))
        errors.add("add", "tag name " + *problem);
    }
  }
  errors.raise_if_any();
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    core::Millis now = ctx_.clock.now();
    Journal journal(c, &actor, now);
    TicketChange change;
    change.action = "tags_changed";
    json::array added, removed;
    // Resolves a reference to a tag; names that do not exist are created when
    // adding and ignored when removing.
    auto resolve = [&](const TagRef& ref, bool create,
                       const char* field) -> std::optional<store::TagRecord> {
      if (ref.id) {
        auto tag = store::catalog::find_tag(c, *ref.id);
        if (!tag)
          throw core::ValidationError(field, "tag " + std::to_string(*ref.id) + " does not exist");
        return tag;
      }
      std::string name = trim(ref.name);
      auto tag = store::catalog::find_tag_by_name(c, name);
      if (tag || !create) return tag;
      store::TagRecord fresh;
      fresh.name = name;
      fresh.color = "#6b7280";
      fresh.created_at = fresh.updated_at = now;
      fresh.id = store::catalog::insert_tag(c, fresh);
      journal.audit("tag", fresh.id, "created", nullptr, tag_json(fresh));
      return fresh;
    };
    for (const auto& ref : add) {
      auto tag = resolve(ref, true, "add");
      if (tag && store::tickets::add_tag(c, t.id, tag->id)) {
        added.push_back(tag_json(*tag));
        change.events.emplace_back(event_types::kTicketTagAdded,
                                   json::object{{"tag", tag_json(*tag)}});
      }
    }
    for (const auto& ref : remove) {
      auto tag = resolve(ref, false, "remove");
      if (tag && store::tickets::remove_tag(c, t.id, tag->id)) {
        removed.push_back(tag_json(*tag));
        change.events.emplace_back(event_types::kTicketTagRemoved,
                                   json::object{{"tag", tag_json(*tag)}});
      }
    }
    if (!added.empty() || !removed.empty()) {
      journal.activity(t.id, "tags_changed", {{"added", added}, {"removed", removed}});
      change.new_values["tags_added"] = added;
      change.new_values["tags_removed"] = removed;
    }
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

TicketView TicketService::close_by_requester(const Actor& actor, std::string_view key) {
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    if (t.requester_id != actor.user_id) throw core::NotFound("No such ticket.");
    if (!ctx_.options.allow_customer_close) {
      throw core::Forbidden("Customers may not close tickets here; ask the team to close it.");
    }
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = "closed_by_requester";
    move_status(t, TicketStatus::kClosed, transitions(c), journal.now(), journal, change);
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

TicketView TicketService::reopen_by_requester(const Actor& actor, std::string_view key) {
  TicketView view = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = load_visible(c, actor, key, ctx_.options.ticket_reference_prefix);
    if (t.requester_id != actor.user_id) throw core::NotFound("No such ticket.");
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = "reopened_by_requester";
    move_status(t, TicketStatus::kReopened, transitions(c), journal.now(), journal, change);
    return commit_change(c, journal, t, change, ctx_.options.ticket_reference_prefix);
  });
  ctx_.events_written();
  return view;
}

Dashboard TicketService::dashboard(const Actor& actor) {
  require_staff(actor);
  auto now = std::chrono::steady_clock::now();
  std::optional<TeamCounts> team;
  {
    std::lock_guard lock(team_counts_mutex_);
    if (team_counts_ && now - team_counts_->taken < std::chrono::seconds(1)) team = team_counts_;
  }
  bool fresh = !team;
  Dashboard d = ctx_.db.read([&](store::Connection& c) {
    if (!team) {
      team = TeamCounts{now, store::tickets::count_open(c),
                        store::tickets::count_open_assigned(c, std::nullopt)};
    }
    Dashboard out;
    out.open = team->open;
    out.unassigned = team->unassigned;
    out.mine = store::tickets::count_open_assigned(c, actor.user_id);
    out.resolved_today =
        store::tickets::count_resolved_since(c, core::start_of_utc_day(ctx_.clock.now()));
    return out;
  });
  if (fresh) {
    std::lock_guard lock(team_counts_mutex_);
    team_counts_ = team;
  }
  return d;
}

}  // namespace escalated::services
