// The SLA engine: which policy a ticket runs under, its due times, its paused
// periods, and the warnings and breaches that fire once each.
//
// It runs inside the transaction of every ticket change (sync) and of the
// ticket's SLA timer job (on_timer), so the clock, the timeline and the events
// commit together with the change that moved them. The due-time math is
// core/sla.h; this class keeps the state and decides what has fired.
//
// A ticket has at most one SLA timer: the job "sla:<ticket id>", due at the
// next warning or breach instant of a target that is neither met nor paused.
// Nothing scans open tickets to find what is due.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/business_calendar.h"
#include "core/sla.h"
#include "services/base/context.h"
#include "services/base/journal.h"
#include "services/base/ticket_json.h"
#include "store/records.h"
#include "store/sla_repo.h"

namespace escalated::services {

// Events a change produced, with their extra payload; the caller adds the
// ticket as it is after the change (see ticket_ops.h).
using PendingEvents = std::vector<std::pair<std::string, boost::json::object>>;

inline constexpr const char* kSlaTimerJob = "sla_timer";
inline constexpr const char* kSlaRecomputeJob = "sla_recompute";

class SlaEngine {
 public:
  explicit SlaEngine(ServiceContext& ctx) : ctx_(ctx) {}

  // After a ticket was created or changed (its row already written): records
  // pauses that began or ended with a status move, recomputes the due times
  // from creation, fires a breach for a target met late, and moves the timer.
  // `previous_status` equals t.status when the status did not change.
  void sync(store::Connection& c, const store::TicketRecord& t, core::TicketStatus previous_status,
            Journal& journal, PendingEvents& events);

  // The timer job: fires every warning and breach that is due by now (a
  // warning before its breach), then schedules the next one.
  void on_timer(store::Connection& c, const store::TicketRecord& t, Journal& journal,
                PendingEvents& events);

  // Recomputes the ticket's clock from creation under the policy that now
  // applies (after a policy or calendar changed), firing what is due.
  void refresh(store::Connection& c, const store::TicketRecord& t, Journal& journal,
               PendingEvents& events) {
    recompute(c, t, journal, events);
  }

  // The clock of each ticket as people read it, for a page of tickets.
  void attach_views(store::Connection& c, std::vector<TicketView>& views);
  void attach_view(store::Connection& c, TicketView& view);

  // The business calendar a policy counts in (always-open when it has none
  // or the policy is gone).
  std::shared_ptr<const core::BusinessCalendar> calendar_of(store::Connection& c,
                                                            std::int64_t policy_id);

  // Whether the ticket's status stops its clock (Sla.PausedStatuses).
  bool paused_status(core::TicketStatus status) const;

  // Policies or calendars changed on this node: forget the cached copies.
  // Other nodes pick the change up within a second.
  void invalidate();

  // Schedules the kSlaRecomputeJob walk over every ticket that is not closed
  // and whose id is above `after_id`, in batches (after a policy or calendar
  // changed). The walk's handler lives with the tickets (TicketTimers), which
  // calls this again to continue after each batch; one job key serves both,
  // so a new change restarting from 0 replaces a walk still under way.
  static void schedule_recompute(store::Connection& c, core::Millis now, std::int64_t after_id = 0);

 private:
  struct CompiledPolicy {
    store::sla::PolicyRecord record;
    core::SlaTargets targets;
    std::vector<std::int64_t> department_ids;
    std::vector<core::Priority> priorities;
    std::vector<core::TicketType> ticket_types;
    std::shared_ptr<const core::BusinessCalendar> calendar;  // null = always open
    const core::BusinessCalendar& calendar_or_24_7() const;
    bool matches(const store::TicketRecord& t) const;
  };
  struct PolicySet {
    std::vector<CompiledPolicy> ordered;  // active, not default, by position
    std::optional<CompiledPolicy> fallback;
    const CompiledPolicy* select(const store::TicketRecord& t) const;
    const CompiledPolicy* find(std::int64_t id) const;
  };

  std::shared_ptr<const PolicySet> policies(store::Connection& c);
  bool no_policies(store::Connection& c);
  // Recomputes and stores the clock, fires what is due, moves the timer.
  void recompute(store::Connection& c, const store::TicketRecord& t, Journal& journal,
                 PendingEvents& events);
  SlaView view_of(const store::TicketRecord& t, const store::sla::TicketSlaRecord& r,
                  core::Millis now) const;

  ServiceContext& ctx_;
  std::mutex mutex_;
  std::shared_ptr<const PolicySet> cached_;
  std::chrono::steady_clock::time_point cached_at_;
};

}  // namespace escalated::services
