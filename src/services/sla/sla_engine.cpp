#include "services/sla/sla_engine.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include "core/time_format.h"
#include "escalated/events.h"
#include "services/sla/sla_json.h"
#include "store/job_repo.h"

namespace escalated::services {

namespace json = boost::json;
using core::Millis;

namespace {

constexpr const char* kStatusPause = "status";
constexpr const char* kResolvedPause = "resolved";

std::string timer_key(std::int64_t ticket_id) {
  return "sla:" + std::to_string(ticket_id);
}

template <typename T>
bool holds(const std::vector<T>& list, const T& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// The pauses that count for a target met at `met`: those begun before it,
// ended at it at the latest. A met target's due time is fixed; later pauses
// must not move it.
std::vector<core::PausedPeriod> clipped(const std::vector<core::PausedPeriod>& all,
                                        std::optional<Millis> met) {
  if (!met) return all;
  std::vector<core::PausedPeriod> out;
  for (const auto& p : all) {
    if (p.from >= *met) continue;
    out.push_back({p.from, std::min(p.to.value_or(*met), *met)});
  }
  return out;
}

// One target's state while it is being brought up to date.
struct Target {
  const char* name;  // "first_response" or "resolution"
  std::optional<Millis> due;
  std::optional<Millis> met;
  bool warned = false;
  bool breached = false;
};

}  // namespace

const core::BusinessCalendar& SlaEngine::CompiledPolicy::calendar_or_24_7() const {
  return calendar ? *calendar : core::BusinessCalendar::always_open();
}

bool SlaEngine::CompiledPolicy::matches(const store::TicketRecord& t) const {
  if (!department_ids.empty() && (!t.department_id || !holds(department_ids, *t.department_id)))
    return false;
  return holds(priorities, t.priority) && holds(ticket_types, t.ticket_type);
}

const SlaEngine::CompiledPolicy* SlaEngine::PolicySet::select(const store::TicketRecord& t) const {
  for (const auto& p : ordered)
    if (p.matches(t)) return &p;
  return fallback ? &*fallback : nullptr;
}

const SlaEngine::CompiledPolicy* SlaEngine::PolicySet::find(std::int64_t id) const {
  for (const auto& p : ordered)
    if (p.record.id == id) return &p;
  if (fallback && fallback->record.id == id) return &*fallback;
  return nullptr;
}

bool SlaEngine::paused_status(core::TicketStatus status) const {
  const auto& paused = ctx_.options.sla.paused_statuses;
  auto name = core::to_string(status);
  return std::find(paused.begin(), paused.end(), name) != paused.end();
}

std::shared_ptr<const core::BusinessCalendar> SlaEngine::calendar_of(store::Connection& c,
                                                                     std::int64_t policy_id) {
  auto set = policies(c);
  const CompiledPolicy* p = set->find(policy_id);
  return p ? p->calendar : nullptr;
}

void SlaEngine::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

std::shared_ptr<const SlaEngine::PolicySet> SlaEngine::policies(store::Connection& c) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (cached_ && now - cached_at_ < std::chrono::seconds(1)) return cached_;
  }
  auto set = std::make_shared<PolicySet>();
  if (ctx_.options.sla.enabled) {
    // Policies without business hours count around the clock, or in the
    // configured default calendar when Sla.BusinessHoursOnly is set.
    std::shared_ptr<const core::BusinessCalendar> fallback_calendar;
    if (ctx_.options.sla.business_hours_only) {
      const auto& hours = ctx_.options.sla.business_hours;
      core::BusinessCalendarSpec spec;
      spec.timezone = hours.timezone;
      static constexpr const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};
      for (int day : hours.days) {
        int iso = day == 0 ? 7 : day;  // 0 and 7 both name Sunday
        if (iso >= 1 && iso <= 7) spec.schedule[kDays[iso - 1]].push_back({hours.start, hours.end});
      }
      core::FieldErrors errors;
      if (auto parsed = core::BusinessCalendar::parse(spec, &errors))
        fallback_calendar = std::make_shared<const core::BusinessCalendar>(std::move(*parsed));
      else
        spdlog::warn("Sla.BusinessHours does not describe a calendar; 24/7");
    }
    std::map<std::int64_t, std::shared_ptr<const core::BusinessCalendar>> calendars;
    for (const auto& record : store::sla::list_policies(c)) {
      if (!record.active) continue;
      CompiledPolicy p;
      p.record = record;
      p.targets = policy_targets(record);
      PolicyMatch match = policy_match(record);
      p.department_ids = std::move(match.department_ids);
      p.priorities = std::move(match.priorities);
      p.ticket_types = std::move(match.ticket_types);
      if (record.business_hours_id) {
        auto& calendar = calendars[*record.business_hours_id];
        if (!calendar) {
          if (auto schedule = store::sla::find_schedule(c, *record.business_hours_id)) {
            core::FieldErrors errors;
            if (auto parsed = core::BusinessCalendar::parse(calendar_spec(*schedule), &errors)) {
              calendar = std::make_shared<const core::BusinessCalendar>(std::move(*parsed));
            } else {
              // Checked when saved; only a time-zone database that lost the
              // zone gets here. Counting around the clock beats no SLA.
              spdlog::warn("business hours {} no longer parse; using 24/7", schedule->id);
            }
          }
        }
        p.calendar = calendar;
      } else {
        p.calendar = fallback_calendar;
      }
      if (record.is_default && !set->fallback)
        set->fallback = std::move(p);
      else
        set->ordered.push_back(std::move(p));
    }
  }
  std::lock_guard lock(mutex_);
  cached_ = set;
  cached_at_ = now;
  return set;
}

void SlaEngine::sync(store::Connection& c, const store::TicketRecord& t,
                     core::TicketStatus previous_status, Journal& journal, PendingEvents& events) {
  Millis now = journal.now();
  if (previous_status != t.status) {
    bool was_paused = paused_status(previous_status), is_paused = paused_status(t.status);
    if (was_paused && !is_paused) store::sla::close_pause(c, t.id, kStatusPause, now);
    if (!was_paused && is_paused) store::sla::open_pause(c, t.id, kStatusPause, now);
    bool was_done = core::is_done(previous_status), is_done = core::is_done(t.status);
    if (!was_done && is_done) store::sla::open_pause(c, t.id, kResolvedPause, now);
    if (was_done && !is_done) store::sla::close_pause(c, t.id, kResolvedPause, now);
  }
  // Without any policy there is no clock to keep: the hot path of a helpdesk
  // that does not use SLAs pays nothing more. (Clocks left by a policy that
  // was deleted are cleared by the recompute walk its deletion started.)
  if (no_policies(c)) return;
  recompute(c, t, journal, events);
}

void SlaEngine::on_timer(store::Connection& c, const store::TicketRecord& t, Journal& journal,
                         PendingEvents& events) {
  recompute(c, t, journal, events);
}

void SlaEngine::recompute(store::Connection& c, const store::TicketRecord& t, Journal& journal,
                          PendingEvents& events) {
  Millis now = journal.now();
  auto set = policies(c);
  const CompiledPolicy* policy = set->select(t);
  auto existing = store::sla::find_ticket_sla(c, t.id);
  if (!policy) {
    if (existing) store::sla::delete_ticket_sla(c, t.id);
    store::jobs::cancel(c, timer_key(t.id));
    return;
  }
  const core::BusinessCalendar& cal = policy->calendar_or_24_7();
  bool same_policy = existing && existing->policy_id == policy->record.id;

  std::vector<core::PausedPeriod> paused;
  for (const auto& p : store::sla::pauses(c, t.id)) paused.push_back({p.started_at, p.ended_at});
  // A done ticket has met both targets: at its first response (or its
  // resolution, when it was resolved without one) and at its resolution.
  std::optional<Millis> done_at;
  if (core::is_done(t.status)) done_at = t.resolved_at ? t.resolved_at : t.closed_at;

  Target first{"first_response", std::nullopt, t.first_response_at ? t.first_response_at : done_at};
  Target resolution{"resolution", std::nullopt, done_at};
  auto due_for = [&](const std::map<core::Priority, std::int64_t>& minutes, const Target& target) {
    auto it = minutes.find(t.priority);
    if (it == minutes.end()) return std::optional<Millis>();
    return core::sla_due_at(cal, t.created_at, it->second, clipped(paused, target.met));
  };
  first.due = due_for(policy->targets.first_response_minutes, first);
  resolution.due = due_for(policy->targets.resolution_minutes, resolution);

  const std::int64_t warning_minutes = ctx_.options.sla.warning_minutes;
  auto carry = [&](Target& target, std::optional<Millis> old_due, bool old_warned,
                   bool old_breached) {
    if (!same_policy) return;
    // An unchanged due time (or one unknown while paused) keeps what fired.
    // A moved one keeps only what is still true of the new due time, so a
    // target given more time can warn and breach again.
    if (!target.due || target.due == old_due) {
      target.warned = old_warned;
      target.breached = old_breached;
      return;
    }
    Millis at = target.met.value_or(now);
    target.warned = old_warned && core::warning_due(cal, at, *target.due, warning_minutes);
    target.breached = old_breached && core::breached(at, *target.due);
  };
  if (existing) {
    carry(first, existing->first_response_due_at, existing->first_response_warned,
          existing->first_response_breached);
    carry(resolution, existing->resolution_due_at, existing->resolution_warned,
          existing->resolution_breached);
  }

  auto fire = [&](Target& target, const char* what) {
    json::object data{{"target", target.name},
                      {"due_at", core::format_rfc3339(*target.due)},
                      {"policy_id", policy->record.id}};
    bool warning = std::string_view(what) == "warning";
    journal.activity(t.id, warning ? "sla_warning" : "sla_breached", data);
    events.emplace_back(warning ? event_types::kSlaWarning : event_types::kSlaBreached, data);
  };
  for (Target* target : {&first, &resolution}) {
    if (!target->due) continue;
    if (target->met) {
      // Met late: the breach is a fact now even if no timer saw it.
      if (!target->breached && core::breached(*target->met, *target->due)) {
        fire(*target, "breach");
        target->breached = true;
      }
      continue;
    }
    if (!target->warned && core::warning_due(cal, now, *target->due, warning_minutes)) {
      fire(*target, "warning");
      target->warned = true;
    }
    if (!target->breached && core::breached(now, *target->due)) {
      fire(*target, "breach");
      target->breached = true;
    }
  }

  store::sla::TicketSlaRecord r;
  r.ticket_id = t.id;
  r.policy_id = policy->record.id;
  r.first_response_due_at = first.due;
  r.resolution_due_at = resolution.due;
  r.first_response_warned = first.warned;
  r.first_response_breached = first.breached;
  r.resolution_warned = resolution.warned;
  r.resolution_breached = resolution.breached;
  store::sla::put_ticket_sla(c, r);

  // The timer: the next warning or breach of a target that still runs.
  std::optional<Millis> next;
  auto consider = [&next](Millis at) { next = next ? std::min(*next, at) : at; };
  for (const Target* target : {&first, &resolution}) {
    if (!target->due || target->met) continue;
    if (!target->warned) consider(core::warning_at(cal, *target->due, warning_minutes));
    if (!target->breached) consider(core::breach_at(*target->due));
  }
  if (next && *next != core::BusinessCalendar::kNever)
    store::jobs::schedule(c, timer_key(t.id), kSlaTimerJob, t.id, std::max(*next, now), now);
  else
    store::jobs::cancel(c, timer_key(t.id));
}

SlaView SlaEngine::view_of(const store::TicketRecord& t, const store::sla::TicketSlaRecord& r,
                           Millis now) const {
  SlaView v;
  v.policy_id = r.policy_id.value_or(0);
  v.first_response_due_at = r.first_response_due_at;
  v.resolution_due_at = r.resolution_due_at;
  v.first_response_at = t.first_response_at;
  v.paused = paused_status(t.status);
  std::optional<Millis> done_at;
  if (core::is_done(t.status)) done_at = t.resolved_at ? t.resolved_at : t.closed_at;
  // What fired, or what is already true though no job has looked yet.
  auto missed = [&](std::optional<Millis> due, std::optional<Millis> met) {
    return due && core::breached(met.value_or(now), *due);
  };
  v.first_response_breached =
      r.first_response_breached ||
      missed(r.first_response_due_at, t.first_response_at ? t.first_response_at : done_at);
  v.resolution_breached = r.resolution_breached || missed(r.resolution_due_at, done_at);
  return v;
}

bool SlaEngine::no_policies(store::Connection& c) {
  auto set = policies(c);
  return set->ordered.empty() && !set->fallback;
}

void SlaEngine::attach_views(store::Connection& c, std::vector<TicketView>& views) {
  // Without policies every clock left behind has lost its policy (the key is
  // set null on delete) and shows as none: no need to look.
  if (views.empty() || no_policies(c)) return;
  std::vector<std::int64_t> ids;
  for (const auto& v : views) ids.push_back(v.ticket.id);
  std::map<std::int64_t, store::sla::TicketSlaRecord> by_ticket;
  for (auto& r : store::sla::ticket_slas(c, ids)) by_ticket.emplace(r.ticket_id, std::move(r));
  Millis now = ctx_.clock.now();
  for (auto& v : views) {
    auto it = by_ticket.find(v.ticket.id);
    if (it == by_ticket.end() || !it->second.policy_id)
      v.sla.reset();
    else
      v.sla = view_of(v.ticket, it->second, now);
  }
}

void SlaEngine::attach_view(store::Connection& c, TicketView& view) {
  if (no_policies(c)) {
    view.sla.reset();
    return;
  }
  auto r = store::sla::find_ticket_sla(c, view.ticket.id);
  if (!r || !r->policy_id)
    view.sla.reset();
  else
    view.sla = view_of(view.ticket, *r, ctx_.clock.now());
}

void SlaEngine::schedule_recompute(store::Connection& c, core::Millis now, std::int64_t after_id) {
  store::jobs::schedule(c, "sla_recompute", kSlaRecomputeJob, std::nullopt, now, now,
                        json::serialize(json::object{{"after", after_id}}));
}

}  // namespace escalated::services
