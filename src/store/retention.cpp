#include "store/retention.h"

namespace escalated::store::retention {

// The inner SELECT picks the oldest rows by id, so both dialects delete
// exactly `limit` rows at most (neither has DELETE ... LIMIT everywhere).

std::int64_t prune_dispatched_events(Connection& c, Millis before, int limit) {
  return c.execute(
      "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NOT NULL "
      "AND dispatched_at < ? ORDER BY id LIMIT ?)",
      {before, limit});
}

std::int64_t prune_finished_mail(Connection& c, Millis before, int limit) {
  return c.execute(
      "DELETE FROM mail_messages WHERE id IN (SELECT id FROM mail_messages WHERE status IN "
      "('sent', 'skipped', 'failed') AND created_at < ? ORDER BY id LIMIT ?)",
      {before, limit});
}

std::int64_t prune_finished_webhook_deliveries(Connection& c, Millis before, int limit) {
  // Attempts go with their delivery (ON DELETE CASCADE on PostgreSQL; SQLite
  // enforces it too, with foreign keys on), but delete them explicitly so
  // nothing depends on that setting.
  const char* finished =
      "SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND "
      "created_at < ? ORDER BY id LIMIT ?";
  c.execute(std::string("DELETE FROM webhook_attempts WHERE delivery_id IN (") + finished + ")",
            {before, limit});
  return c.execute(std::string("DELETE FROM webhook_deliveries WHERE id IN (") + finished + ")",
                   {before, limit});
}

}  // namespace escalated::store::retention
