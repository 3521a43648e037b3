// Deleting what has done its job: outbox events every sink has seen, mail
// that was sent (or skipped, or gave up), webhook deliveries that finished.
// Each call deletes at most `limit` rows, oldest first, so a large backlog is
// worked off in short transactions that never hold the write lock for long.
#pragma once

#include <cstdint>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::retention {

// Outbox events dispatched before `before`. Pending events are never touched.
std::int64_t prune_dispatched_events(Connection& c, Millis before, int limit);
// Mail rows sent, skipped or failed, created before `before`; queued mail stays.
std::int64_t prune_finished_mail(Connection& c, Millis before, int limit);
// Webhook deliveries delivered or failed, created before `before`, with their
// attempts; pending ones stay.
std::int64_t prune_finished_webhook_deliveries(Connection& c, Millis before, int limit);

}  // namespace escalated::store::retention
