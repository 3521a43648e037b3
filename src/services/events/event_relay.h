// Hands outbox events to the registered sinks after their transaction has
// committed. One relay runs per process: a thread that wakes when a service
// reports new events (and every second, for events other nodes wrote), or
// synchronously through dispatch_pending() in tests and the test routes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "escalated/events.h"
#include "store/database.h"

namespace escalated::services {

class EventRelay {
 public:
  EventRelay(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}
  ~EventRelay() { stop(); }

  void add_sink(std::shared_ptr<EventSink> sink);
  // Delivers every pending event, in order, to every sink, and marks each
  // delivered. Stops at the first event a sink throws on (it stays pending).
  // Returns how many were delivered.
  size_t dispatch_pending();

  void start();
  void stop();
  // Wakes the relay thread (cheap; call after a commit that wrote events).
  void notify();

 private:
  void run();

  store::Database& db_;
  const core::Clock& clock_;
  std::mutex sinks_mutex_;
  std::vector<std::shared_ptr<EventSink>> sinks_;
  std::mutex dispatch_mutex_;  // one pass at a time keeps delivery in order
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace escalated::services
