#include "services/housekeeping.h"

#include <chrono>
#include <cstdio>

#include "store/maintenance.h"
#include "store/user_repo.h"

namespace escalated::services {

void Housekeeping::run_once() {
  store::refresh_planner_statistics(ctx_.db);
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) { store::users::delete_expired_sessions(c, now); });
}

void Housekeeping::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; })) {
      lock.unlock();
      try {
        run_once();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "housekeeping: %s\n", e.what());
      }
      lock.lock();
    }
  });
}

void Housekeeping::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace escalated::services
