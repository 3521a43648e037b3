#include "services/tickets/ticket_timers.h"

#include <boost/json/parse.hpp>

#include "services/base/stored_json.h"
#include "services/catalog/settings_service.h"
#include "store/ticket_repo.h"

namespace escalated::services {

namespace json = boost::json;
using core::TicketStatus;

void TicketTimers::register_with(JobRunner& runner) {
  runner.on(kSlaTimerJob, [this](auto& c, const auto& job) { sla_timer(c, job); });
  runner.on(kSlaRecomputeJob, [this](auto& c, const auto& job) { sla_recompute(c, job); });
  runner.on(kSnoozeWakeJob, [this](auto& c, const auto& job) { snooze_wake(c, job); });
  runner.on(kAutoCloseJob, [this](auto& c, const auto& job) { auto_close(c, job); });
}

void TicketTimers::sla_timer(store::Connection& c, const store::jobs::JobRecord& job) {
  if (!job.ticket_id) return;
  auto t = store::tickets::find(c, *job.ticket_id);
  if (!t) return;
  Journal journal(c, nullptr, ctx_.clock.now());
  PendingEvents events;
  writer_.sla().on_timer(c, *t, journal, events);
  writer_.publish(c, journal, t->id, events);
}

void TicketTimers::sla_recompute(store::Connection& c, const store::jobs::JobRecord& job) {
  std::int64_t after = 0;
  json::value payload = parse_stored(job.payload_json);
  if (payload.is_object()) {
    if (auto v = payload.as_object().if_contains("after"); v && v->is_int64())
      after = v->as_int64();
  }
  core::Millis now = ctx_.clock.now();
  Journal journal(c, nullptr, now);
  auto ids = store::tickets::unclosed_ids_after(c, after, kRecomputeBatch);
  for (std::int64_t id : ids) {
    auto t = store::tickets::find(c, id);
    if (!t) continue;
    PendingEvents events;
    writer_.sla().refresh(c, *t, journal, events);
    writer_.publish(c, journal, id, events);
  }
  if (static_cast<int>(ids.size()) == kRecomputeBatch) {
    // More to do: the same job continues after the last ticket, now.
    SlaEngine::schedule_recompute(c, now, ids.back());
  }
}

void TicketTimers::snooze_wake(store::Connection& c, const store::jobs::JobRecord& job) {
  if (!job.ticket_id) return;
  auto t = store::tickets::find(c, *job.ticket_id);
  core::Millis now = ctx_.clock.now();
  if (!t || !t->snoozed_until || *t->snoozed_until > now) return;
  Journal journal(c, nullptr, now);
  TicketChange change;
  change.action = "unsnoozed";
  change.old_values["snoozed_until"] = time_or_null(t->snoozed_until);
  change.new_values["snoozed_until"] = nullptr;
  t->snoozed_until.reset();
  journal.activity(t->id, "unsnoozed", {{"reason", "timer"}});
  writer_.commit(c, journal, *t, change);
}

void TicketTimers::auto_close(store::Connection& c, const store::jobs::JobRecord& job) {
  if (!job.ticket_id) return;
  auto t = store::tickets::find(c, *job.ticket_id);
  core::Millis now = ctx_.clock.now();
  core::Millis after =
      static_cast<core::Millis>(ctx_.options.auto_close_resolved_after_days) * 86'400'000;
  if (!t || t->status != TicketStatus::kResolved || !t->resolved_at ||
      *t->resolved_at + after > now)
    return;
  core::TransitionTable table = load_transitions(c);
  if (!table.allows(t->status, TicketStatus::kClosed)) return;  // the workflow keeps it open
  Journal journal(c, nullptr, now);
  TicketChange change;
  change.action = "auto_closed";
  writer_.move_status(*t, TicketStatus::kClosed, table, journal, change);
  journal.activity(t->id, "auto_closed",
                   {{"after_days", ctx_.options.auto_close_resolved_after_days}});
  writer_.commit(c, journal, *t, change);
}

}  // namespace escalated::services
