#include "services/base/background_loop.h"

#include <spdlog/spdlog.h>
#include <exception>

namespace escalated::services {

void BackgroundLoop::start(std::string name, Pass pass) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, name = std::move(name), pass = std::move(pass)] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      std::chrono::milliseconds wait(1000);
      try {
        wait = pass();
      } catch (const std::exception& e) {
        spdlog::error("{}: {}", name, e.what());
      }
      lock.lock();
      wake_.wait_for(lock, wait, [this] { return stopping_ || pending_; });
      pending_ = false;
    }
  });
}

void BackgroundLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundLoop::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

}  // namespace escalated::services
