// The jobs that act on tickets when time passes: the SLA timer, the walk
// that recomputes clocks after a policy or calendar changed, the snooze
// wake-up and auto-close. Each re-reads the ticket and acts only if the
// reason it was scheduled still holds, so running one twice changes nothing.
#pragma once

#include "services/job_runner.h"
#include "services/ticket_writer.h"

namespace escalated::services {

class TicketTimers {
 public:
  TicketTimers(ServiceContext& ctx, TicketWriter& writer) : ctx_(ctx), writer_(writer) {}

  // Registers the handlers of kSlaTimerJob, kSlaRecomputeJob, kSnoozeWakeJob
  // and kAutoCloseJob.
  void register_with(JobRunner& runner);

  // Schedules the walk over every ticket that is not closed, in batches, to
  // recompute its SLA clock (after a policy or calendar changed).
  static void schedule_recompute(store::Connection& c, core::Millis now);

  static constexpr int kRecomputeBatch = 200;

 private:
  void sla_timer(store::Connection& c, const store::jobs::JobRecord& job);
  void sla_recompute(store::Connection& c, const store::jobs::JobRecord& job);
  void snooze_wake(store::Connection& c, const store::jobs::JobRecord& job);
  void auto_close(store::Connection& c, const store::jobs::JobRecord& job);

  ServiceContext& ctx_;
  TicketWriter& writer_;
};

}  // namespace escalated::services
