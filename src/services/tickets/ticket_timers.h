// The jobs that act on tickets when time passes: the SLA timer, the walk
// that recomputes clocks after a policy or calendar changed, the snooze
// wake-up and auto-close. Each re-reads the ticket and acts only if the
// reason it was scheduled still holds, so running one twice changes nothing.
#pragma once

#include "services/jobs/job_runner.h"
#include "services/tickets/ticket_writer.h"

namespace escalated::services {

class TicketTimers {
 public:
  TicketTimers(ServiceContext& ctx, TicketWriter& writer) : ctx_(ctx), writer_(writer) {}

  // Registers the handlers of kSlaTimerJob, kSlaRecomputeJob, kSnoozeWakeJob
  // and kAutoCloseJob.
  void register_with(JobRunner& runner);

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
