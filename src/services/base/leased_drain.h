// The claim -> work -> settle loop of every durable queue here (jobs, mail,
// webhook deliveries). Each round claims up to a batch of due rows under a
// lease in one short transaction, then works on them outside any
// transaction. A worker that dies mid-batch leaves rows whose lease runs out,
// and another node (or this one, restarted) claims them again, so work is at
// least once and the queue's own settle step makes it count once.
#pragma once

#include <cstddef>
#include <mutex>

#include "core/clock.h"
#include "services/base/context.h"

namespace escalated::services {

class LeasedDrain {
 public:
  // `lease`: how long a claimed row stays hidden from other claimers (longer
  // than a batch's work can take); `batch`: rows per claim.
  LeasedDrain(ServiceContext& ctx, core::Millis lease, int batch)
      : ctx_(ctx), lease_(lease), batch_(batch) {}

  // Claims and works until nothing is due, or for at most kMaxRounds rounds
  // so a queue that keeps refilling itself cannot hold the worker forever
  // (what is left waits for the next pass). Passes never overlap within a
  // process: the worker thread and POST /_test/run-jobs take turns.
  //   claim(connection, now, lease_until, batch) -> a container of rows;
  //   work(rows, now) -> how many of them count as done (for the caller).
  template <typename Claim, typename Work>
  std::size_t run(Claim claim, Work work) {
    std::lock_guard lock(mutex_);
    std::size_t done = 0;
    for (int round = 0; round < kMaxRounds; ++round) {
      core::Millis now = ctx_.clock.now();
      auto rows =
          ctx_.db.write([&](store::Connection& c) { return claim(c, now, now + lease_, batch_); });
      if (rows.empty()) break;
      done += work(rows, now);
    }
    return done;
  }

  static constexpr int kMaxRounds = 1000;

 private:
  ServiceContext& ctx_;
  core::Millis lease_;
  int batch_;
  std::mutex mutex_;
};

}  // namespace escalated::services
