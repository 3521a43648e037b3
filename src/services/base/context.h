// What every service needs: the database, the configuration, the clock, and
// a way to wake the event relay once a transaction with new events commits.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

#include "core/clock.h"
#include "core/ticket_status.h"
#include "escalated/options.h"
#include "store/database.h"

namespace escalated::services {

// Settings read on nearly every request, kept for a second so a busy node
// does not ask the database each time. A change made on this node clears it
// at once; other nodes see it within the second.
class SettingsCache {
 public:
  // The table in force, read through `load` when the copy is older than 1 s.
  core::TransitionTable transitions(const std::function<core::TransitionTable()>& load);
  void clear();

 private:
  std::mutex mutex_;
  std::optional<std::pair<std::chrono::steady_clock::time_point, core::TransitionTable>> table_;
};

struct ServiceContext {
  store::Database& db;
  const Options& options;
  const core::Clock& clock;
  // Called after a commit that wrote outbox rows.
  std::function<void()> events_written = [] {};
  SettingsCache settings_cache;
};

}  // namespace escalated::services
