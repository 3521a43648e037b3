#include "services/jobs/job_runner.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <chrono>

#include "core/retry_backoff.h"

namespace escalated::services {

void JobRunner::on(const std::string& kind, Handler handler) {
  handlers_[kind] = std::move(handler);
}

core::Millis JobRunner::retry_delay(int attempts) {
  return core::doubling_delay(attempts, 10'000, 3'600'000);
}

bool JobRunner::run_one(const store::jobs::JobRecord& job, core::Millis now) {
  auto handler = handlers_.find(job.kind);
  try {
    if (handler == handlers_.end()) throw std::runtime_error("no handler for job kind " + job.kind);
    ctx_.db.write([&](store::Connection& c) {
      handler->second(c, job);
      store::jobs::finish(c, job);
    });
    return true;
  } catch (const std::exception& e) {
    bool dead = job.attempts >= kMaxAttempts;
    spdlog::warn("job {} ({}) failed, attempt {}{}: {}", job.key, job.kind, job.attempts,
                 dead ? ", giving up" : "", e.what());
    try {
      ctx_.db.write([&](store::Connection& c) {
        store::jobs::fail(c, job, e.what(), now + retry_delay(job.attempts), dead, now);
      });
    } catch (const std::exception& again) {
      // The lease runs out and the job is retried then.
      spdlog::error("job {}: could not record the failure: {}", job.key, again.what());
    }
    return false;
  }
}

size_t JobRunner::run_due() {
  return drain_.run(store::jobs::claim_due, [&](const auto& jobs, core::Millis now) {
    for (const auto& job : jobs) run_one(job, now);
    ctx_.events_written();
    return jobs.size();
  });
}

void JobRunner::start() {
  loop_.start("job runner", [this] {
    run_due();
    // Sleep until the earliest job is due; at most 2 s, since other nodes
    // schedule jobs too.
    core::Millis wait = 2000;
    if (auto next = ctx_.db.read([](store::Connection& c) { return store::jobs::next_run_at(c); }))
      wait = std::clamp<core::Millis>(*next - ctx_.clock.now(), 50, 2000);
    return std::chrono::milliseconds(wait);
  });
}

}  // namespace escalated::services
