#include "services/tickets/ticket_service.h"

#include "core/errors.h"
#include "core/placeholders.h"
#include "core/tag_name.h"
#include "core/text.h"
#include "core/ticket_rules.h"
#include "core/time_format.h"
#include "escalated/events.h"
#include "security/markdown.h"
#include "services/base/journal.h"
#include "services/catalog/catalog_service.h"
#include "services/catalog/settings_service.h"
#include "services/tickets/ticket_search_terms.h"
#include "services/tickets/ticket_visibility.h"
#include "services/tickets/ticket_writer.h"
#include "store/catalog_repo.h"
#include "store/follower_repo.h"
#include "store/job_repo.h"
#include "store/journal_repo.h"
#include "store/satisfaction_repo.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace json = boost::json;
using core::TicketStatus;
using store::Connection;
using store::TicketRecord;

namespace {

using core::trim;

constexpr size_t kMaxSubject = 255;
constexpr size_t kMaxBody = 65536;

// Thrown out of a preview's transaction to roll it back, carrying what the
// actions did.
struct PreviewRollback {
  AppliedActions outcome;
};

// The field an action changes, as it stands on the ticket.
json::value field_of(const TicketRecord& t, core::MacroActionType type) {
  using T = core::MacroActionType;
  switch (type) {
    case T::kStatus:
      return json::value(core::to_string(t.status));
    case T::kPriority:
      return json::value(core::to_string(t.priority));
    case T::kAssign:
      return t.assignee_id ? json::value(*t.assignee_id) : json::value(nullptr);
    case T::kDepartment:
      return t.department_id ? json::value(*t.department_id) : json::value(nullptr);
    default:
      return nullptr;
  }
}

// Runs `fn` for action `index`; a refusal is raised again naming the action
// (its detail, an "action" member, fields under `path`).
template <typename F>
auto for_action(std::size_t index, const core::MacroAction& action, const std::string& path,
                F&& fn) {
  std::string type(core::to_string(action.type));
  std::string where = path.empty() ? std::string("The ") + type + " action"
                                   : "Action " + std::to_string(index) + " (" + type + ")";
  json::object named{{"index", index}, {"type", type}};
  try {
    return fn();
  } catch (const core::ValidationError& e) {
    std::string field = path.empty() ? "value" : path + "[" + std::to_string(index) + "].value";
    core::FieldErrors renamed;
    for (const auto& [_, messages] : e.errors())
      for (const auto& m : messages) renamed[field].push_back(m);
    core::ValidationError error(renamed, where + " is invalid.");
    error.with("action", named);
    throw error;
  } catch (const core::Conflict& e) {
    core::Conflict error(where + " is refused: " + e.what(), e.allowed());
    error.with("action", named);
    throw error;
  } catch (const core::Forbidden& e) {
    core::Forbidden error(where + " is refused: " + e.what());
    error.with("action", named);
    throw error;
  }
}

}  // namespace

core::TransitionTable TicketService::transitions(store::Connection& c) {
  return ctx_.settings_cache.transitions([&c] { return load_transitions(c); });
}

core::TransitionTable TicketService::transitions() {
  return ctx_.db.read([this](store::Connection& c) { return transitions(c); });
}

TicketView TicketService::create(const core::Actor& actor, const NewTicket& input,
                                 const std::vector<Upload>& uploads,
                                 std::vector<store::AttachmentRecord>* attached,
                                 const AlsoInTransaction& also) {
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
  if (!uploads.empty()) {
    if (!attachments_) throw core::BadRequest("Attachments are not accepted here.");
    attachments_->check(uploads);
  }

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
    t.description_html = security::render_markdown(description);
    t.status = TicketStatus::kOpen;
    t.priority = *priority;
    t.ticket_type = *type;
    t.channel = input.channel;
    if (input.guest) {
      t.guest_name = input.guest->name;
      t.guest_email = input.guest->email;
      if (input.guest->host_user_id) {
        auto host = store::users::find(c, *input.guest->host_user_id);
        if (host) {
          t.requester_id = host->id;
          t.requester_name = host->name;
          t.requester_email = host->email;
        }
      }
    } else {
      t.requester_id = actor.user_id;
      t.requester_name = actor.name;
      t.requester_email = actor.email;
    }
    t.department_id = input.department_id;
    t.created_at = t.updated_at = now;
    // Everything the view shows is known here; creation is the hottest
    // write, so it does not read the row back.
    t.id = store::tickets::insert(c, t);
    Journal journal(c, &actor, now);
    journal.activity(t.id, "created", {{"channel", core::to_string(t.channel)}});
    if (!uploads.empty()) {
      auto stored = attachments_->attach(c, journal, actor, t.id, std::nullopt, uploads);
      if (attached) *attached = std::move(stored);
    }
    PendingEvents sla_events;
    TicketView created{t, {}, writer_.started(c, journal, t, sla_events)};
    json::object ticket = ticket_json(created, ctx_.options.ticket_reference_prefix);
    journal.audit("ticket", t.id, "created", nullptr, ticket);
    journal.event(event_types::kTicketCreated, t.id, {{"ticket", ticket}});
    for (auto& [type, extra] : sla_events) {
      extra["ticket"] = ticket;
      journal.event(type, t.id, extra);
    }
    if (also) also(c, t.id, std::nullopt);
    return created;
  });
  ctx_.events_written();
  return view;
}

TicketDetail TicketService::get(const core::Actor& actor, std::string_view key) {
  return detail(actor, key, actor.is_staff());
}

TicketDetail TicketService::get_public(const core::Actor& actor, std::string_view key) {
  return detail(actor, key, false);
}

TicketDetail TicketService::detail(const core::Actor& actor, std::string_view key,
                                   bool staff_view) {
  return ctx_.db.read([&](store::Connection& c) {
    store::TicketRecord t = visible_ticket(c, actor, key, ctx_.options.ticket_reference_prefix);
    TicketDetail d;
    d.view = writer_.load_view(c, t.id);
    d.replies = store::tickets::replies(c, t.id, staff_view);
    if (attachments_) {
      // Notes' files stay with the notes, which customers do not get.
      for (auto& a : attachments_->of_ticket(c, t.id)) {
        if (!a.reply_id) {
          d.attachments.push_back(std::move(a));
          continue;
        }
        for (auto& r : d.replies)
          if (r.id == *a.reply_id) r.attachments.push_back(a);
      }
    }
    if (staff_view) d.activities = store::journal::activities(c, t.id);
    d.allowed_statuses = transitions(c).targets(t.status);
    d.satisfaction = store::satisfaction::find_by_ticket(c, t.id);
    if (staff_view) d.followers = store::followers::of_ticket(c, t.id);
    return d;
  });
}

TicketPage TicketService::list_own(const core::Actor& actor, core::TicketQuery query) {
  core::Actor as_requester = actor;
  as_requester.permissions = {};  // seen as a customer sees: only their own tickets
  return list(as_requester, std::move(query));
}

void TicketService::prepare_query(store::Connection& c, const core::Actor& actor,
                                  core::TicketQuery& query, bool strict_search) {
  narrow_to_visible(c, actor, query);
  resolve_search(c, actor, query, ctx_.clock.now(), "q", strict_search);
  if (std::string bare = query.search.bare_text(); !bare.empty())
    query.text_ticket_id = core::ticket_named_by(ctx_.options.ticket_reference_prefix, bare);
}

std::int64_t TicketService::count(const core::Actor& actor, core::TicketQuery query,
                                  std::int64_t cap, bool strict_search) {
  return ctx_.db.read([&](store::Connection& c) {
    prepare_query(c, actor, query, strict_search);
    return store::tickets::count(c, query, cap);
  });
}

TicketPage TicketService::list(const core::Actor& actor, core::TicketQuery query,
                               bool strict_search) {
  return ctx_.db.read([&](store::Connection& c) {
    prepare_query(c, actor, query, strict_search);
    store::tickets::Page page = store::tickets::list(c, query);
    std::vector<std::int64_t> ids;
    for (const auto& t : page.rows) ids.push_back(t.id);
    auto tags = store::tickets::tags_of(c, ids);
    TicketPage out;
    out.next_cursor = page.next_cursor;
    for (auto& t : page.rows) {
      std::int64_t id = t.id;
      out.items.push_back(TicketView{std::move(t), tags[id], std::nullopt});
    }
    writer_.sla().attach_views(c, out.items);
    return out;
  });
}

store::ReplyRecord TicketService::reply(const core::Actor& actor, std::string_view key,
                                        const std::string& body, bool internal_note,
                                        const std::vector<Upload>& uploads,
                                        const AlsoInTransaction& also, WhenClosed when_closed,
                                        std::optional<core::Millis> expected_updated_at) {
  std::string text = checked_reply_body(actor, body, internal_note, "body");
  if (!uploads.empty()) {
    if (!attachments_) throw core::BadRequest("Attachments are not accepted here.");
    attachments_->check(uploads);
  }

  store::ReplyRecord reply = ctx_.db.write([&](store::Connection& c) {
    store::TicketRecord t = visible_ticket(c, actor, key, ctx_.options.ticket_reference_prefix);
    require_unchanged(c, t, expected_updated_at);
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = "reply_status_moved";
    store::ReplyRecord r =
        write_reply(c, actor, t, text, internal_note, uploads, when_closed, journal, change);
    writer_.commit(c, journal, t, change);
    if (also) also(c, t.id, r.id);
    return r;
  });
  ctx_.events_written();
  return reply;
}

std::string TicketService::checked_reply_body(const core::Actor& actor, const std::string& body,
                                              bool internal_note, const std::string& field) {
  std::string text = trim(body);
  core::FieldErrorCollector errors;
  if (text.empty()) errors.add(field, "is required");
  if (text.size() > kMaxBody) errors.add(field, "must be at most 65536 characters");
  errors.raise_if_any();
  if (internal_note) require(actor, core::Permission::kReplyCreateInternal);
  return text;
}

store::ReplyRecord TicketService::write_reply(Connection& c, const core::Actor& actor,
                                              TicketRecord& t, const std::string& text,
                                              bool internal_note,
                                              const std::vector<Upload>& uploads,
                                              WhenClosed when_closed, Journal& journal,
                                              TicketChange& change) {
  // Customers answer on their own tickets; anyone else answering publicly
  // speaks for the team.
  bool by_requester = is_requester(actor, t);
  if (!internal_note && !by_requester) require(actor, core::Permission::kReplyCreate);
  core::Millis now = journal.now();
  // Mail from the requester that nothing proved was theirs is filed on a
  // finished ticket all the same, but moves nothing (issue 13, item 8).
  const bool unverified = when_closed == WhenClosed::kUnverifiedMail;
  if (!core::accepts_replies(t.status) && !(unverified && by_requester)) {
    if (when_closed != WhenClosed::kReopenForRequester || !by_requester)
      throw core::Conflict("The ticket is closed; reopen it before replying.",
                           {std::string(core::to_string(TicketStatus::kReopened))});
    // Reopened in the reply's own transaction: the reopening and the
    // message that caused it commit together or not at all.
    writer_.move_status(t, TicketStatus::kReopened, transitions(c), journal, change);
  }
  store::ReplyRecord r;
  r.ticket_id = t.id;
  if (actor.user_id > 0) r.author_id = actor.user_id;  // a guest without an account: none
  r.body = text;
  r.body_html = security::render_markdown(text);
  r.is_internal_note = internal_note;
  r.created_at = now;
  r.verified = !unverified;
  r.id = store::tickets::insert_reply(c, r);
  r = *store::tickets::find_reply(c, r.id);
  journal.activity(t.id, internal_note ? "note_added" : "reply_added", {{"reply_id", r.id}});
  if (!uploads.empty())
    r.attachments = attachments_->attach(c, journal, actor, t.id, r.id, uploads);
  journal.audit("reply", r.id, "created", nullptr, reply_json(r));

  // The requester's reply hands the ticket back to the team; a staff
  // member's public reply hands it to the customer. Moves go through the
  // transition table, so an admin's workflow can switch them off.
  std::optional<TicketStatus> next;
  if (!internal_note) {
    if (by_requester)
      next = core::status_after_requester_reply(t.status);
    else if (actor.is_staff())
      next = core::status_after_agent_reply(t.status);
  }
  // Unproven mail never moves a finished ticket (nor does it reopen one).
  if (unverified && (!core::accepts_replies(t.status) || next == TicketStatus::kReopened))
    next.reset();
  core::TransitionTable table = transitions(c);
  if (next && table.allows(t.status, *next)) writer_.move_status(t, *next, table, journal, change);
  if (!internal_note && actor.is_staff() && !by_requester && !t.first_response_at) {
    t.first_response_at = now;
    change.new_values["first_response_at"] = core::format_rfc3339(now);
  }
  if (!internal_note) {
    if (by_requester)
      t.last_customer_reply_at = now;
    else if (actor.is_staff())
      t.last_agent_reply_at = now;
  }
  // The customer wrote back: a snoozed ticket needs the team again.
  if (by_requester && t.snoozed_until) {
    t.snoozed_until.reset();
    journal.activity(t.id, "unsnoozed", {{"reason", "customer_reply"}});
    change.new_values["snoozed_until"] = nullptr;
  }
  // Every reply touches the ticket, so queues sorted by activity see it.
  change.events.emplace_back(internal_note ? event_types::kNoteCreated : event_types::kReplyCreated,
                             json::object{{"reply", reply_json(r)}});
  return r;
}

TicketView TicketService::change_status(const core::Actor& actor, std::string_view key,
                                        const std::string& status,
                                        std::optional<core::Millis> expected_updated_at) {
  return change_ticket(actor, key, "status_changed", status_edit(actor, status, "status"),
                       expected_updated_at);
}

TicketView TicketService::change_priority(const core::Actor& actor, std::string_view key,
                                          const std::string& priority,
                                          std::optional<core::Millis> expected_updated_at) {
  return change_ticket(actor, key, "priority_changed", priority_edit(actor, priority, "priority"),
                       expected_updated_at);
}

TicketView TicketService::assign(const core::Actor& actor, std::string_view key,
                                 std::optional<std::int64_t> agent_id,
                                 std::optional<core::Millis> expected_updated_at) {
  return change_ticket(actor, key, agent_id ? "assigned" : "unassigned",
                       assign_edit(actor, agent_id, "agent_id"), expected_updated_at);
}

TicketView TicketService::set_department(const core::Actor& actor, std::string_view key,
                                         std::optional<std::int64_t> department_id,
                                         std::optional<core::Millis> expected_updated_at) {
  return change_ticket(actor, key, "department_changed",
                       department_edit(actor, department_id, "department_id"), expected_updated_at);
}

TicketView TicketService::edit_tags(const core::Actor& actor, std::string_view key,
                                    const std::vector<TagRef>& add,
                                    const std::vector<TagRef>& remove,
                                    std::optional<core::Millis> expected_updated_at) {
  return change_ticket(actor, key, "tags_changed", tags_edit(actor, add, remove, "add", "remove"),
                       expected_updated_at);
}

TicketService::TicketEdit TicketService::action_edit(const core::Actor& actor,
                                                     const core::MacroAction& action,
                                                     const std::string& field) {
  using T = core::MacroActionType;
  switch (action.type) {
    case T::kStatus:
      return status_edit(actor, action.text, field);
    case T::kPriority:
      return priority_edit(actor, action.text, field);
    case T::kAssign:
      return assign_edit(actor, action.me ? std::optional(actor.user_id) : action.id, field);
    case T::kDepartment:
      return department_edit(actor, action.id, field);
    case T::kAddTag:
      return tags_edit(actor, {TagRef{std::nullopt, action.text}}, {}, field, field);
    case T::kRemoveTag:
      return tags_edit(actor, {}, {TagRef{std::nullopt, action.text}}, field, field);
    case T::kReply:
    case T::kNote: {
      bool note = action.type == T::kNote;
      std::string text = checked_reply_body(actor, action.text, note, field);
      if (!note) require(actor, core::Permission::kReplyCreate);
      return [this, &actor, text, note](Connection& c, TicketRecord& t, Journal& journal,
                                        TicketChange& change) {
        std::string body = trim(fill_placeholders(c, actor, t, text));
        if (body.empty()) body = text;
        write_reply(c, actor, t, body, note, {}, WhenClosed::kRefuse, journal, change);
      };
    }
  }
  throw core::ValidationError(field, "is not an action");
}

AppliedActions TicketService::apply_actions(const core::Actor& actor, std::string_view key,
                                            const std::vector<core::MacroAction>& actions,
                                            const std::string& audit_action, bool preview,
                                            const std::string& path) {
  // Every permission and value is checked before anything is written.
  std::vector<TicketEdit> edits;
  for (std::size_t i = 0; i < actions.size(); ++i)
    edits.push_back(for_action(i, actions[i], path, [&] {
      return action_edit(actor, actions[i], path.empty() ? "value" : path);
    }));
  auto run = [&](Connection& c) {
    TicketRecord t = visible_ticket(c, actor, key, ctx_.options.ticket_reference_prefix);
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = audit_action;
    AppliedActions out;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const core::MacroAction& action = actions[i];
      ActionOutcome outcome{i, action.type, false, field_of(t, action.type), nullptr};
      std::size_t events_before = change.events.size();
      for_action(i, action, path, [&] { edits[i](c, t, journal, change); });
      outcome.changed = change.events.size() > events_before;
      switch (action.type) {
        case core::MacroActionType::kAddTag:
        case core::MacroActionType::kRemoveTag:
          outcome.to = action.text;
          break;
        case core::MacroActionType::kReply:
        case core::MacroActionType::kNote:
          outcome.to = trim(fill_placeholders(c, actor, t, action.text));
          break;
        default:
          outcome.to = field_of(t, action.type);
      }
      out.outcomes.push_back(std::move(outcome));
    }
    out.view = writer_.commit(c, journal, t, change);
    if (preview) throw PreviewRollback{std::move(out)};
    return out;
  };
  if (preview) {
    try {
      ctx_.db.write(run);
    } catch (PreviewRollback& done) {
      return std::move(done.outcome);
    }
  }
  AppliedActions out = ctx_.db.write(run);
  ctx_.events_written();
  return out;
}

std::string TicketService::fill_placeholders(const core::Actor& actor, std::string_view key,
                                             const std::string& text) {
  return ctx_.db.read([&](Connection& c) {
    TicketRecord t = visible_ticket(c, actor, key, ctx_.options.ticket_reference_prefix);
    return fill_placeholders(c, actor, t, text);
  });
}

std::string TicketService::fill_placeholders(Connection& c, const core::Actor& actor,
                                             const TicketRecord& t, const std::string& text) {
  auto value = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "ticket.reference")
      return core::format_reference(ctx_.options.ticket_reference_prefix, t.id);
    if (name == "ticket.subject") return t.subject;
    if (name == "requester.name")
      return t.requester_id ? t.requester_name : t.guest_name.value_or("");
    if (name == "requester.email")
      return t.requester_id ? t.requester_email : t.guest_email.value_or("");
    if (name == "agent.name") return actor.name;
    if (name == "department.name") {
      if (!t.department_id) return "";
      auto department = store::catalog::find_department(c, *t.department_id);
      return department ? department->name : "";
    }
    return std::nullopt;
  };
  return core::fill_placeholders(text, value, core::markdown_escape);
}

TicketService::TicketEdit TicketService::status_edit(const core::Actor& actor,
                                                     const std::string& status,
                                                     const std::string& field) {
  require(actor, core::Permission::kTicketEdit);
  auto target = core::parse_status(status);
  if (!target) {
    throw core::ValidationError(field,
                                "must be one of open, in_progress, waiting_on_customer, "
                                "waiting_on_agent, escalated, resolved, closed, reopened");
  }
  if (*target == TicketStatus::kResolved || *target == TicketStatus::kClosed)
    require(actor, core::Permission::kTicketClose);
  return [this, target = *target](Connection& c, TicketRecord& t, Journal& journal,
                                  TicketChange& change) {
    writer_.move_status(t, target, transitions(c), journal, change);
  };
}

TicketService::TicketEdit TicketService::priority_edit(const core::Actor& actor,
                                                       const std::string& priority,
                                                       const std::string& field) {
  require(actor, core::Permission::kTicketEdit);
  auto p = core::parse_priority(priority);
  if (!p) throw core::ValidationError(field, "must be one of low, medium, high, urgent, critical");
  return [this, p = *p](Connection&, TicketRecord& t, Journal& journal, TicketChange& change) {
    writer_.set_priority(t, p, journal, change);
  };
}

TicketService::TicketEdit TicketService::assign_edit(const core::Actor& actor,
                                                     std::optional<std::int64_t> agent_id,
                                                     const std::string& field) {
  require(actor, core::Permission::kTicketAssign);
  return [this, agent_id, field](Connection& c, TicketRecord& t, Journal& journal,
                                 TicketChange& change) {
    std::optional<store::UserRecord> agent;
    if (agent_id) {
      agent = store::users::find(c, *agent_id);
      if (!agent || !core::is_staff(agent->role) || !agent->active)
        throw core::ValidationError(field, "does not name an active agent");
    }
    writer_.set_assignee(t, agent, journal, change);
  };
}

TicketService::TicketEdit TicketService::department_edit(const core::Actor& actor,
                                                         std::optional<std::int64_t> department_id,
                                                         const std::string& field) {
  require(actor, core::Permission::kTicketEdit);
  return [this, department_id, field](Connection& c, TicketRecord& t, Journal& journal,
                                      TicketChange& change) {
    std::optional<store::DepartmentRecord> department;
    if (department_id) {
      department = store::catalog::find_department(c, *department_id);
      if (!department || !department->active)
        throw core::ValidationError(field, "does not name an active department");
    }
    writer_.set_department(t, department, journal, change);
  };
}

TicketService::TicketEdit TicketService::tags_edit(const core::Actor& actor,
                                                   const std::vector<TagRef>& add,
                                                   const std::vector<TagRef>& remove,
                                                   const std::string& add_field,
                                                   const std::string& remove_field) {
  require(actor, core::Permission::kTicketEdit);
  // A name on either list is one a tag could have: removing "" is as much a
  // mistake as adding it.
  core::FieldErrorCollector errors;
  for (const auto& [field, refs] : {std::pair{&add_field, &add}, std::pair{&remove_field, &remove}})
    for (std::size_t i = 0; i < refs->size(); ++i) {
      const TagRef& ref = (*refs)[i];
      if (ref.id) continue;
      if (auto problem = core::tag_name_problem(trim(ref.name)))
        errors.add(*field + "[" + std::to_string(i) + "]", "tag name " + *problem);
    }
  errors.raise_if_any();
  return [this, add, remove, add_field, remove_field](Connection& c, TicketRecord& t,
                                                      Journal& journal, TicketChange& change) {
    // Names that do not exist are created when adding and ignored when
    // removing; ids must exist.
    auto resolve = [&](const TagRef& ref, bool create,
                       const std::string& field) -> std::optional<store::TagRecord> {
      if (ref.id) {
        auto tag = store::catalog::find_tag(c, *ref.id);
        if (!tag)
          throw core::ValidationError(field, "tag " + std::to_string(*ref.id) + " does not exist");
        return tag;
      }
      std::string name = trim(ref.name);
      if (create) return writer_.tag_named(c, journal, name);
      return store::catalog::find_tag_by_name(c, name);
    };
    std::vector<store::TagRecord> to_add, to_remove;
    for (const auto& ref : add)
      if (auto tag = resolve(ref, true, add_field)) to_add.push_back(*tag);
    for (const auto& ref : remove)
      if (auto tag = resolve(ref, false, remove_field)) to_remove.push_back(*tag);
    writer_.change_tags(c, t, to_add, to_remove, journal, change);
  };
}

TicketView TicketService::close_by_requester(const core::Actor& actor, std::string_view key) {
  return change_ticket(
      actor, key, "closed_by_requester",
      [&](Connection& c, TicketRecord& t, Journal& journal, TicketChange& change) {
        if (t.requester_id != actor.user_id) throw core::NotFound("No such ticket.");
        if (!ctx_.options.allow_customer_close) {
          throw core::Forbidden("Customers may not close tickets here; ask the team to close it.");
        }
        writer_.move_status(t, TicketStatus::kClosed, transitions(c), journal, change);
      });
}

TicketView TicketService::reopen_by_requester(const core::Actor& actor, std::string_view key) {
  return change_ticket(actor, key, "reopened_by_requester",
                       [&](Connection& c, TicketRecord& t, Journal& journal, TicketChange& change) {
                         if (t.requester_id != actor.user_id)
                           throw core::NotFound("No such ticket.");
                         writer_.move_status(t, TicketStatus::kReopened, transitions(c), journal,
                                             change);
                       });
}

TicketView TicketService::snooze(const core::Actor& actor, std::string_view key,
                                 core::Millis until) {
  require(actor, core::Permission::kTicketEdit);
  core::Millis now = ctx_.clock.now();
  if (until <= now) throw core::ValidationError("until", "must be in the future");
  return change_ticket(
      actor, key, "snoozed",
      [&](Connection& c, TicketRecord& t, Journal& journal, TicketChange& change) {
        if (core::is_done(t.status)) {
          throw core::Conflict("A " + std::string(core::to_string(t.status)) +
                               " ticket is not in the queue; there is nothing to snooze.");
        }
        change.old_values["snoozed_until"] = time_or_null(t.snoozed_until);
        change.new_values["snoozed_until"] = core::format_rfc3339(until);
        t.snoozed_until = until;
        journal.activity(t.id, "snoozed", {{"until", core::format_rfc3339(until)}});
        store::jobs::schedule(c, snooze_key(t.id), kSnoozeWakeJob, t.id, until, journal.now());
      });
}

TicketView TicketService::unsnooze(const core::Actor& actor, std::string_view key) {
  require(actor, core::Permission::kTicketEdit);
  return change_ticket(actor, key, "unsnoozed",
                       [&](Connection& c, TicketRecord& t, Journal& journal, TicketChange& change) {
                         if (t.snoozed_until) {
                           change.old_values["snoozed_until"] =
                               core::format_rfc3339(*t.snoozed_until);
                           change.new_values["snoozed_until"] = nullptr;
                           t.snoozed_until.reset();
                           journal.activity(t.id, "unsnoozed", {{"reason", "manual"}});
                           store::jobs::cancel(c, snooze_key(t.id));
                         }
                       });
}

TicketView TicketService::change_ticket(const core::Actor& actor, std::string_view key,
                                        std::string_view action, const TicketEdit& apply,
                                        std::optional<core::Millis> expected_updated_at) {
  TicketView view = ctx_.db.write([&](Connection& c) {
    TicketRecord t = visible_ticket(c, actor, key, ctx_.options.ticket_reference_prefix);
    require_unchanged(c, t, expected_updated_at);
    Journal journal(c, &actor, ctx_.clock.now());
    TicketChange change;
    change.action = std::string(action);
    apply(c, t, journal, change);
    return writer_.commit(c, journal, t, change);
  });
  ctx_.events_written();
  return view;
}

void TicketService::require_unchanged(Connection& c, const TicketRecord& t,
                                      std::optional<core::Millis> expected_updated_at) {
  if (!expected_updated_at || *expected_updated_at == t.updated_at) return;
  auto timeline = store::journal::activities(c, t.id);
  const store::ActivityRecord* last = nullptr;
  for (const auto& a : timeline)
    if (!last || a.created_at > last->created_at ||
        (a.created_at == last->created_at && a.id > last->id))
      last = &a;
  std::string who = last && !last->actor_name.empty() ? last->actor_name : "someone";
  core::Conflict stale("The ticket changed since you loaded it (" +
                       (last ? last->type + " by " + who : std::string("changed")) +
                       "); check it before sending again.");
  stale.with("ticket",
             ticket_json(writer_.load_view(c, t.id), ctx_.options.ticket_reference_prefix));
  stale.with("last_change", last ? json::value(activity_json(*last)) : json::value(nullptr));
  throw stale;
}

std::vector<store::followers::FollowerRecord> TicketService::follow(
    const core::Actor& actor, std::string_view key, std::optional<std::int64_t> user_id) {
  return set_following(actor, key, user_id, true);
}

std::vector<store::followers::FollowerRecord> TicketService::unfollow(
    const core::Actor& actor, std::string_view key, std::optional<std::int64_t> user_id) {
  return set_following(actor, key, user_id, false);
}

std::vector<store::followers::FollowerRecord> TicketService::set_following(
    const core::Actor& actor, std::string_view key, std::optional<std::int64_t> user_id,
    bool follow) {
  require(actor, core::Permission::kTicketView);
  std::int64_t who = user_id.value_or(actor.user_id);
  if (who != actor.user_id) require(actor, core::Permission::kTicketAssign);
  return ctx_.db.write([&](Connection& c) {
    TicketRecord t = visible_ticket(c, actor, key, ctx_.options.ticket_reference_prefix);
    auto user = store::users::find(c, who);
    if (follow && (!user || !core::is_staff(user->role) || !user->active))
      throw core::ValidationError("user_id", "does not name an active agent");
    core::Millis now = ctx_.clock.now();
    bool changed =
        follow ? store::followers::add(c, t.id, who, now) : store::followers::remove(c, t.id, who);
    if (changed) {
      json::object person{{"id", who}, {"name", user ? user->name : std::string()}};
      Journal(c, &actor, now)
          .activity(t.id, follow ? "follower_added" : "follower_removed", {{"user", person}});
    }
    return store::followers::of_ticket(c, t.id);
  });
}

Dashboard TicketService::dashboard(const core::Actor& actor) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([&](store::Connection& c) {
    Dashboard out;
    std::optional<core::StaffScope> scope = staff_scope_of(c, actor);
    if (scope) {
      // A department-bound agent's figures cover only what their queue shows.
      out.open = store::tickets::count_open(c, scope);
      out.unassigned = store::tickets::count_open_assigned(c, std::nullopt, scope);
    } else {
      TeamCounts team = team_counts(c);
      out.open = team.open;
      out.unassigned = team.unassigned;
    }
    out.mine = store::tickets::count_open_assigned(c, actor.user_id);
    out.resolved_today =
        store::tickets::count_resolved_since(c, core::start_of_utc_day(ctx_.clock.now()), scope);
    return out;
  });
}

TicketService::TeamCounts TicketService::team_counts(store::Connection& c) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(team_counts_mutex_);
    if (team_counts_ && now - team_counts_->taken < std::chrono::seconds(1)) return *team_counts_;
  }
  TeamCounts team{now, store::tickets::count_open(c),
                  store::tickets::count_open_assigned(c, std::nullopt)};
  std::lock_guard lock(team_counts_mutex_);
  team_counts_ = team;
  return team;
}

}  // namespace escalated::services
