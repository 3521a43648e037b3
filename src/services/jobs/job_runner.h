// Runs durable jobs (store/job_repo.h): claims what is due by the injected
// clock, runs each job's handler in its own transaction together with the
// job's removal, and retries failures with growing delays until a job is
// declared dead. A crash mid-job rolls its transaction back and leaves the
// row under a lease that runs out, after which any node runs it again; every
// handler is therefore written to be idempotent.
//
// One background thread per process sleeps until the earliest due job (at
// most a few seconds, for jobs other nodes schedule) or until notify().
// Under the test clock no thread runs: POST /_test/run-jobs calls run_due().
#pragma once

#include <functional>
#include <map>
#include <string>

#include "services/base/background_loop.h"
#include "services/base/context.h"
#include "services/base/leased_drain.h"
#include "store/job_repo.h"

namespace escalated::services {

class JobRunner {
 public:
  // Runs inside the job's transaction; throws to fail the attempt.
  using Handler = std::function<void(store::Connection&, const store::jobs::JobRecord&)>;

  static constexpr int kMaxAttempts = 10;
  static constexpr core::Millis kLease = 5 * 60'000;
  static constexpr int kBatch = 64;

  explicit JobRunner(ServiceContext& ctx) : ctx_(ctx), drain_(ctx, kLease, kBatch) {}
  ~JobRunner() { stop(); }

  // Registers the handler of a job kind (before start()).
  void on(const std::string& kind, Handler handler);

  // Runs every job due by the clock's now, including jobs that running ones
  // make due at once; returns how many ran (successfully or not).
  size_t run_due();

  // The delay before attempt `attempts` + 1: 10 s doubling, at most an hour.
  static core::Millis retry_delay(int attempts);

  void start();
  void stop() { loop_.stop(); }
  // Wakes the thread (call after scheduling a job that may be due soon).
  void notify() { loop_.notify(); }

 private:
  bool run_one(const store::jobs::JobRecord& job, core::Millis now);

  ServiceContext& ctx_;
  std::map<std::string, Handler> handlers_;
  LeasedDrain drain_;  // one pass at a time per process
  BackgroundLoop loop_;
};

}  // namespace escalated::services
