// The three records every mutation leaves behind: the ticket's activity
// timeline, the audit log (old and new values) and the event outbox.
#pragma once

#include <map>
#include <optional>
#include <string>
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
// What the entries are about, named as they are now (a user's or role's
// name, an article's title, a ticket's subject, a webhook's URL, ...):
// "type#id" -> name, for the entity types that have a name and the rows
// that still exist. One query per entity type on the page, never per entry.
std::map<std::string, std::string> audit_target_names(Connection& c,
                                                      const std::vector<AuditRecord>& entries);

std::int64_t insert_event(Connection& c, const OutboxRecord& e);
// Events not yet handed on, oldest first.
std::vector<OutboxRecord> pending_events(Connection& c, int limit);
// Stamps the events delivered.
void mark_dispatched(Connection& c, const std::vector<std::int64_t>& ids, Millis at);

// For readers that follow the outbox with a cursor of their own (each node's
// real-time hub), whether delivered or not. Outbox rows are never pruned
// today; whoever adds pruning must keep delivered rows for a while (a
// minute is plenty) so every node's follower has read them.
// The newest event's id, 0 when there is none.
std::int64_t last_event_id(Connection& c);
// Events with an id above `after_id`, oldest first.
std::vector<OutboxRecord> events_after(Connection& c, std::int64_t after_id, int limit);
// The events among `ids` that exist (committed), oldest first.
std::vector<OutboxRecord> events_with_ids(Connection& c, const std::vector<std::int64_t>& ids);

}  // namespace escalated::store::journal
