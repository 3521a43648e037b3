// An EventSink that keeps every event it is given, for tests that check
// which events a change produced and what they carried. The relay calls it
// on its own thread, so every member locks.
#pragma once

#include <boost/json.hpp>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "escalated/events.h"

namespace escalated::testing {

class RecordingSink : public EventSink {
 public:
  void on_event(const Event& e) override {
    std::lock_guard lock(mutex_);
    if (fail_next_) {
      fail_next_ = false;
      throw std::runtime_error("sink is down");
    }
    events_.push_back(e);
  }

  // Every event so far, in the order given.
  std::vector<Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (const auto& e : events()) out.push_back(e.type);
    return out;
  }
  // The events of one type, in order.
  std::vector<Event> events_of(const std::string& type) const {
    std::vector<Event> out;
    for (const auto& e : events())
      if (e.type == type) out.push_back(e);
    return out;
  }
  // Their payloads.
  std::vector<boost::json::object> of(const std::string& type) const {
    std::vector<boost::json::object> out;
    for (const auto& e : events_of(type))
      out.push_back(boost::json::parse(e.payload_json).as_object());
    return out;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }
  // The next event makes on_event throw, as a sink that is down would.
  void fail_next() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Event> events_;
  bool fail_next_ = false;
};

}  // namespace escalated::testing
