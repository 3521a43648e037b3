// A thread that runs one pass of work, then sleeps until it is notified or
// the pass's chosen wait runs out — the shape of every background worker
// here (job runner, webhook dispatcher). Passes never overlap; an exception
// from a pass is logged and the loop goes on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace escalated::services {

class BackgroundLoop {
 public:
  // Runs one pass; returns how long to wait before the next one.
  using Pass = std::function<std::chrono::milliseconds()>;

  ~BackgroundLoop() { stop(); }

  // Starts the thread (no-op when running). `name` prefixes logged errors.
  void start(std::string name, Pass pass);
  // Wakes the thread and waits for it to finish its pass and end.
  void stop();
  // Starts the next pass now (cheap; coalesces).
  void notify();

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace escalated::services
