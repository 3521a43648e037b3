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
// Newest first, optionally for one entity type, before the given id (paging).
std::vector<AuditRecord> audit_entries(Connection& c, const std::optional<std::string>& entity_type,
                                       std::optional<std::int64_t> before_id, int limit);

std::int64_t insert_event(Connection& c, const OutboxRecord& e);
// Events not yet handed on, oldest first.
std::vector<OutboxRecord> pending_events(Connection& c, int limit);
// Stamps the events delivered.
void mark_dispatched(Connection& c, const std::vector<std::int64_t>& ids, Millis at);

}  // namespace escalated::store::journal
