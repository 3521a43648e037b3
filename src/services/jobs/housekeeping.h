// Periodic upkeep that no request triggers: planner statistics, merged
// full-text indexes, expired sign-in sessions and magic links, and finished
// work older than Options::retention (dispatched events, mail, webhook
// deliveries). One thread, waking once an hour (and at stop()).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/base/context.h"

namespace escalated::services {

class Housekeeping {
 public:
  explicit Housekeeping(ServiceContext& ctx) : ctx_(ctx) {}
  ~Housekeeping() { stop(); }

  // One round of upkeep, now, on the calling thread.
  void run_once();
  void start();
  void stop();

 private:
  ServiceContext& ctx_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace escalated::services
