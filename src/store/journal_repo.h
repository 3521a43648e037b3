// The three records every mutation leaves behind: the ticket's activity
// timeline, the audit log (old and new values) and the event outbox.
#pragma once

#include <optional>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::journal {

std::int64_t insert_activity(Connection& c, const ActivityRecord& a);
std::vector<ActivityRecord> activities(Connection& c, std::int64_t ticket_id);

std::int64_t insert_audit(Connection& c, const AuditRecord& a);
// Filters of the audit log; every set one must hold.
struct AuditFilter {
  std::optional<std::string> entity_type;
  std::optional<std::int64_t> entity_id;
  std::optional<std::int64_t> actor_id;
  std::optional<std::string> action;
  std::optional<std::int64_t> before_id;  // paging: entries older than this one
  int limit = 50;
};
// Newest first, with the actor's name (when the actor still exists).
std::vector<AuditRecord> audit_entries(Connection& c, const AuditFilter& filter);

std::int64_t insert_event(Connection& c, const OutboxRecord& e);
// Events not yet handed on, oldest first.
std::vector<OutboxRecord> pending_events(Connection& c, int limit);
// Stamps the events delivered.
void mark_dispatched(Connection& c, const std::vector<std::int64_t>& ids, Millis at);

}  // namespace escalated::store::journal
