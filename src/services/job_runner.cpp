#include "services/job_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

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
    std::fprintf(stderr, "job %s (%s) failed, attempt %d%s: %s\n", job.key.c_str(),
                 job.kind.c_str(), job.attempts, dead ? ", giving up" : "", e.what());
    try {
      ctx_.db.write([&](store::Connection& c) {
        store::jobs::fail(c, job, e.what(), now + retry_delay(job.attempts), dead, now);
      });
    } catch (const std::exception& again) {
      // The lease runs out and the job is retried then.
      std::fprintf(stderr, "job %s: could not record the failure: %s\n", job.key.c_str(),
                   again.what());
    }
    return false;
  }
}

size_t JobRunner::run_due() {
  std::lock_guard lock(run_mutex_);
  size_t ran = 0;
  // Bounded, so a handler that keeps making itself due cannot hold the
  // runner forever; what is left runs on the next pass.
  for (int batch = 0; batch < 1000; ++batch) {
    core::Millis now = ctx_.clock.now();
    auto jobs = ctx_.db.write(
        [&](store::Connection& c) { return store::jobs::claim_due(c, now, now + kLease, 64); });
    if (jobs.empty()) break;
    for (const auto& job : jobs) {
      run_one(job, now);
      ++ran;
    }
    ctx_.events_written();
  }
  return ran;
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
