#include "services/rules/rule_engine.h"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "services/base/stored_json.h"
#include "services/catalog/settings_service.h"
#include "store/catalog_repo.h"
#include "store/job_repo.h"
#include "store/sla_repo.h"
#include "store/ticket_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace json = boost::json;
using core::ActionType;
using core::TicketStatus;

namespace {

constexpr const char* kScanKey = "rule_scan";

}  // namespace

core::RuleKind rule_kind(const std::string& kind) {
  return kind == "automation" ? core::RuleKind::kAutomation : core::RuleKind::kEscalation;
}

std::optional<RuleEngine::CompiledRule> compile_rule(const store::rules::RuleRecord& record) {
  RuleEngine::CompiledRule rule;
  rule.record = record;
  rule.kind = rule_kind(record.kind);
  core::FieldErrors errors;
  auto conditions = core::ConditionSet::parse(parse_stored(record.conditions_json), &errors);
  auto actions = core::ActionList::parse(parse_stored(record.actions_json), rule.kind, &errors);
  if (!conditions || !actions) return std::nullopt;
  rule.conditions = std::move(*conditions);
  rule.actions = std::move(*actions);
  return rule;
}

RuleEngine::RuleEngine(ServiceContext& ctx, TicketWriter& writer) : ctx_(ctx), writer_(writer) {
  writer_.set_rules_active([this](store::Connection& c) { return !rules(c)->empty(); });
}

void RuleEngine::register_with(JobRunner& runner) {
  runner.on(kRuleCheckJob, [this](store::Connection& c, const store::jobs::JobRecord& job) {
    if (job.ticket_id) evaluate(c, *job.ticket_id);
  });
  runner.on(kRuleScanJob,
            [this](store::Connection& c, const store::jobs::JobRecord& job) { scan(c, job); });
}

void RuleEngine::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

std::shared_ptr<const std::vector<RuleEngine::CompiledRule>> RuleEngine::rules(
    store::Connection& c) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (cached_ && now - cached_at_ < std::chrono::seconds(1)) return cached_;
  }
  auto list = std::make_shared<std::vector<CompiledRule>>();
  // Escalation rules first, then automations; each kind by position.
  for (const char* kind : {"escalation", "automation"}) {
    for (const auto& record : store::rules::list(c, kind)) {
      if (!record.active) continue;
      if (auto rule = compile_rule(record)) {
        list->push_back(std::move(*rule));
      } else {
        spdlog::warn("rule {} no longer parses; skipped", record.id);
      }
    }
  }
  std::lock_guard lock(mutex_);
  cached_ = list;
  cached_at_ = now;
  return list;
}

core::TicketFacts RuleEngine::facts_of(store::Connection& c, const store::TicketRecord& t,
                                       std::shared_ptr<const core::BusinessCalendar>& calendar) {
  core::TicketFacts f;
  f.status = t.status;
  f.priority = t.priority;
  f.ticket_type = t.ticket_type;
  f.department_id = t.department_id;
  f.assignee_id = t.assignee_id;
  auto tags = store::tickets::tags_of(c, {t.id});
  for (const auto& tag : tags[t.id]) f.tags.push_back(tag.name);
  f.subject = t.subject;
  f.description = t.description;
  f.created_at = t.created_at;
  f.updated_at = t.updated_at;
  f.assigned_at = t.assigned_at;
  f.last_customer_reply_at = t.last_customer_reply_at;
  f.last_agent_reply_at = t.last_agent_reply_at;
  TicketView view{t, {}, std::nullopt};
  writer_.sla().attach_view(c, view);
  if (view.sla) {
    f.sla_breached = view.sla->first_response_breached || view.sla->resolution_breached;
    // The nearest target that is neither met nor paused (due times are
    // unknown while paused).
    if (!view.sla->paused && !core::is_done(t.status)) {
      std::optional<core::Millis> next;
      if (!t.first_response_at && view.sla->first_response_due_at)
        next = view.sla->first_response_due_at;
      if (view.sla->resolution_due_at && (!next || *view.sla->resolution_due_at < *next))
        next = view.sla->resolution_due_at;
      f.next_sla_due_at = next;
    }
    calendar = writer_.sla().calendar_of(c, view.sla->policy_id);
    f.calendar = calendar.get();
  }
  return f;
}

void RuleEngine::evaluate(store::Connection& c, std::int64_t ticket_id) {
  auto t = store::tickets::find(c, ticket_id);
  core::Millis now = ctx_.clock.now();
  if (!t || t->status == TicketStatus::kClosed) {
    store::jobs::cancel(c, rule_check_key(ticket_id));
    return;
  }
  auto all = rules(c);
  std::set<std::int64_t> running = store::rules::matching(c, ticket_id);
  Journal journal(c, nullptr, now);
  TicketChange change;
  change.action = "rule_applied";
  bool fired = false;
  std::shared_ptr<const core::BusinessCalendar> calendar;
  for (const auto& rule : *all) {
    core::TicketFacts facts = facts_of(c, *t, calendar);
    bool matches = rule.conditions.matches(facts, now);
    bool was = running.count(rule.record.id) > 0;
    if (matches && !was) {
      apply(c, rule, *t, journal, change);
      fired = true;
    }
    if (matches != was) store::rules::set_matching(c, rule.record.id, ticket_id, matches, now);
  }
  if (fired) {
    // Rule-made changes do not start another pass (see the header).
    writer_.commit(c, journal, *t, change, /*recheck_rules=*/false);
    t = store::tickets::find(c, ticket_id);
  }
  // Episodes of rules that are gone or inactive end with them.
  for (std::int64_t id : running) {
    bool active = std::any_of(all->begin(), all->end(),
                              [id](const CompiledRule& r) { return r.record.id == id; });
    if (!active) store::rules::set_matching(c, id, ticket_id, false, now);
  }
  std::optional<core::Millis> next;
  core::TicketFacts facts = facts_of(c, *t, calendar);
  for (const auto& rule : *all) {
    if (auto at = rule.conditions.next_change_at(facts, now))
      next = next ? std::min(*next, *at) : *at;
  }
  if (next)
    store::jobs::schedule(c, rule_check_key(ticket_id), kRuleCheckJob, ticket_id, *next, now);
  else
    store::jobs::cancel(c, rule_check_key(ticket_id));
}

void RuleEngine::apply(store::Connection& c, const CompiledRule& rule, store::TicketRecord& t,
                       Journal& journal, TicketChange& change) {
  json::object who{{"id", rule.record.id}, {"name", rule.record.name}, {"kind", rule.record.kind}};
  journal.activity(t.id, "rule_applied", {{"rule", who}});
  auto skipped = [&](const core::Action& action, const std::string& reason) {
    journal.activity(t.id, "rule_action_skipped",
                     {{"rule", who}, {"action", action.to_json()}, {"reason", reason}});
  };
  auto move_to = [&](const core::Action& action, TicketStatus target) {
    if (t.status == target) return;
    core::TransitionTable table = load_transitions(c);
    if (!table.allows(t.status, target)) {
      skipped(action, "the status workflow does not allow " +
                          std::string(core::to_string(t.status)) + " -> " +
                          std::string(core::to_string(target)));
      return;
    }
    writer_.move_status(t, target, table, journal, change);
  };
  for (const core::Action& action : rule.actions.items()) {
    switch (action.type) {
      case ActionType::kEscalate:
        move_to(action, TicketStatus::kEscalated);
        break;
      case ActionType::kChangeStatus:
        move_to(action, std::get<TicketStatus>(action.value));
        break;
      case ActionType::kChangePriority:
        writer_.set_priority(t, std::get<core::Priority>(action.value), journal, change);
        break;
      case ActionType::kSetTicketType:
        writer_.set_ticket_type(t, std::get<core::TicketType>(action.value), journal, change);
        break;
      case ActionType::kAssignTo:
      case ActionType::kAssign: {
        auto agent = store::users::find(c, std::get<std::int64_t>(action.value));
        if (!agent || !core::is_staff(agent->role) || !agent->active) {
          skipped(action, "the user is not an active agent");
          break;
        }
        writer_.set_assignee(t, agent, journal, change);
        break;
      }
      case ActionType::kChangeDepartment: {
        auto department = store::catalog::find_department(c, std::get<std::int64_t>(action.value));
        if (!department || !department->active) {
          skipped(action, "the department does not exist or is inactive");
          break;
        }
        writer_.set_department(t, department, journal, change);
        break;
      }
      case ActionType::kAddTag:
        writer_.change_tags(c, t,
                            {writer_.tag_named(c, journal, std::get<std::string>(action.value))},
                            {}, journal, change);
        break;
      case ActionType::kRemoveTag:
        if (auto tag = store::catalog::find_tag_by_name(c, std::get<std::string>(action.value)))
          writer_.change_tags(c, t, {}, {*tag}, journal, change);
        break;
      case ActionType::kAddNote:
        writer_.add_note(c, t, std::nullopt, std::get<std::string>(action.value), journal, change);
        break;
    }
  }
  // The rule's firing is itself a change worth auditing, even when every
  // action found nothing to do.
  json::array applied = change.new_values.contains("rules_applied")
                            ? change.new_values["rules_applied"].as_array()
                            : json::array();
  applied.push_back(who);
  change.new_values["rules_applied"] = std::move(applied);
}

std::vector<std::int64_t> RuleEngine::matching_tickets(
    store::Connection& c, const core::ConditionSet& conditions, int limit,
    const std::function<bool(const store::TicketRecord&)>& visible) {
  std::vector<std::int64_t> out;
  core::Millis now = ctx_.clock.now();
  std::shared_ptr<const core::BusinessCalendar> calendar;
  std::int64_t after = 0;
  while (static_cast<int>(out.size()) < limit) {
    auto ids = store::tickets::unclosed_ids_after(c, after, 500);
    for (std::int64_t id : ids) {
      auto t = store::tickets::find(c, id);
      if (t && (!visible || visible(*t)) && conditions.matches(facts_of(c, *t, calendar), now)) {
        out.push_back(id);
        if (static_cast<int>(out.size()) >= limit) break;
      }
    }
    if (ids.size() < 500) break;
    after = ids.back();
  }
  return out;
}

void RuleEngine::rules_changed(store::Connection& c, core::Millis now) {
  invalidate();
  store::jobs::schedule(c, kScanKey, kRuleScanJob, std::nullopt, now, now, R"({"after":0})");
}

void RuleEngine::scan(store::Connection& c, const store::jobs::JobRecord& job) {
  std::int64_t after = 0;
  json::value payload = parse_stored(job.payload_json);
  if (payload.is_object()) {
    if (auto v = payload.as_object().if_contains("after"); v && v->is_int64())
      after = v->as_int64();
  }
  auto ids = store::tickets::unclosed_ids_after(c, after, kScanBatch);
  for (std::int64_t id : ids) evaluate(c, id);
  if (static_cast<int>(ids.size()) == kScanBatch) {
    core::Millis now = ctx_.clock.now();
    store::jobs::schedule(c, kScanKey, kRuleScanJob, std::nullopt, now, now,
                          json::serialize(json::object{{"after", ids.back()}}));
  }
}

}  // namespace escalated::services
