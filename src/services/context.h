// What every service needs: the database, the configuration, the clock, and
// a way to wake the event relay once a transaction with new events commits.
#pragma once

#include <functional>

#include "core/clock.h"
#include "escalated/options.h"
#include "store/database.h"

namespace escalated::services {

struct ServiceContext {
  store::Database& db;
  const Options& options;
  const core::Clock& clock;
  // Called after a commit that wrote outbox rows.
  std::function<void()> events_written = [] {};
};

}  // namespace escalated::services
