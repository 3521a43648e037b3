#include "services/events/event_relay.h"

#include <spdlog/spdlog.h>
#include <chrono>

#include "store/journal_repo.h"

namespace escalated::services {

void EventRelay::add_sink(std::shared_ptr<EventSink> sink) {
  std::lock_guard lock(sinks_mutex_);
  sinks_.push_back(std::move(sink));
}

size_t EventRelay::dispatch_pending() {
  std::lock_guard pass(dispatch_mutex_);
  std::vector<std::shared_ptr<EventSink>> sinks;
  {
    std::lock_guard lock(sinks_mutex_);
    sinks = sinks_;
  }
  // With nobody to hand events to (the helpdesk itself always registers the
  // webhook fan-out), they stay in the outbox for consumers still to come.
  if (sinks.empty()) return 0;
  size_t delivered = 0;
  while (true) {
    auto batch =
        db_.read([](store::Connection& c) { return store::journal::pending_events(c, 200); });
    if (batch.empty()) return delivered;
    std::vector<Event> events;
    for (const store::OutboxRecord& row : batch)
      events.push_back(Event{row.id, row.event_type, row.ticket_id.value_or(0), row.payload_json,
                             row.created_at});
    try {
      for (const auto& sink : sinks) sink->on_batch(events);
    } catch (const std::exception& e) {
      spdlog::warn("event sink failed on a batch from event {}: {}", events.front().id, e.what());
      return delivered;
    }
    // Delivered events are stamped together, one transaction per batch.
    std::vector<std::int64_t> done;
    bool failed = false;
    for (const Event& event : events) {
      try {
        for (const auto& sink : sinks) sink->on_event(event);
      } catch (const std::exception& e) {
        spdlog::warn("event sink failed on event {} ({}): {}", event.id, event.type, e.what());
        failed = true;
        break;
      }
      done.push_back(event.id);
    }
    if (!done.empty()) {
      db_.write(
          [&](store::Connection& c) { store::journal::mark_dispatched(c, done, clock_.now()); });
    }
    delivered += done.size();
    if (failed) return delivered;
  }
}

void EventRelay::start() {
  std::lock_guard lock(wake_mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void EventRelay::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventRelay::notify() {
  {
    std::lock_guard lock(wake_mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

void EventRelay::run() {
  while (true) {
    {
      std::unique_lock lock(wake_mutex_);
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
    }
    try {
      dispatch_pending();
    } catch (const std::exception& e) {
      spdlog::error("event relay: {}", e.what());
    }
  }
}

}  // namespace escalated::services
