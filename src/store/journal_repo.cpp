#include "store/journal_repo.h"

#include <algorithm>
#include <set>

namespace escalated::store::journal {

std::int64_t insert_activity(Connection& c, const ActivityRecord& a) {
  return c
      .query(
          "INSERT INTO ticket_activities (ticket_id, actor_id, type, data, created_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING id",
          {a.ticket_id, a.actor_id, a.type, a.data_json, a.created_at})
      .first()
      .i64(0);
}

std::vector<ActivityRecord> activities(Connection& c, std::int64_t ticket_id) {
  std::vector<ActivityRecord> out;
  ResultSet rs = c.query(
      "SELECT a.id, a.ticket_id, a.actor_id, a.type, a.data, a.created_at, u.name "
      "FROM ticket_activities a LEFT JOIN users u ON u.id = a.actor_id "
      "WHERE a.ticket_id = ? ORDER BY a.id",
      {ticket_id});
  for (const Row& r : rs.rows) {
    out.push_back(ActivityRecord{r.i64(0), r.i64(1), r.opt_i64(2), r.text(3), r.text(4), r.i64(5),
                                 r.text(6)});
  }
  return out;
}

std::int64_t insert_audit(Connection& c, const AuditRecord& a) {
  return c
      .query(
          "INSERT INTO audit_logs (actor_id, entity_type, entity_id, action, old_values, "
          "new_values, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {a.actor_id, a.entity_type, a.entity_id, a.action, a.old_values_json, a.new_values_json,
           a.created_at})
      .first()
      .i64(0);
}

std::vector<AuditRecord> audit_entries(Connection& c, const AuditFilter& f) {
  std::string sql =
      "SELECT a.id, a.actor_id, a.entity_type, a.entity_id, a.action, a.old_values, "
      "a.new_values, a.created_at, u.name FROM audit_logs a LEFT JOIN users u ON u.id = "
      "a.actor_id WHERE 1 = 1";
  Params params;
  if (f.entity_type) {
    sql += " AND a.entity_type = ?";
    params.push_back(*f.entity_type);
  }
  if (f.entity_id) {
    sql += " AND a.entity_id = ?";
    params.push_back(*f.entity_id);
  }
  if (f.actor_id) {
    sql += " AND a.actor_id = ?";
    params.push_back(*f.actor_id);
  }
  if (f.action) {
    sql += " AND a.action = ?";
    params.push_back(*f.action);
  }
  if (f.before_id) {
    sql += " AND a.id < ?";
    params.push_back(*f.before_id);
  }
  sql += " ORDER BY a.id DESC LIMIT ?";
  params.push_back(f.limit);
  std::vector<AuditRecord> out;
  for (const Row& r : c.query(sql, params).rows) {
    out.push_back(AuditRecord{r.i64(0), r.opt_i64(1), r.text(2), r.opt_i64(3), r.text(4),
                              r.opt_text(5), r.opt_text(6), r.i64(7), r.opt_text(8)});
  }
  return out;
}

namespace {
// The table and column that name each audited entity type.
struct NameSource {
  const char* entity_type;
  const char* select;  // "SELECT id, name FROM ... WHERE id"
};
constexpr NameSource kNameSources[] = {
    {"user", "SELECT id, name FROM users WHERE id"},
    {"role", "SELECT id, name FROM roles WHERE id"},
    {"department", "SELECT id, name FROM departments WHERE id"},
    {"tag", "SELECT id, name FROM tags WHERE id"},
    {"canned_response", "SELECT id, title FROM canned_responses WHERE id"},
    {"macro", "SELECT id, name FROM macros WHERE id"},
    {"escalation_rule", "SELECT id, name FROM rules WHERE kind = 'escalation' AND id"},
    {"automation_rule", "SELECT id, name FROM rules WHERE kind = 'automation' AND id"},
    {"business_hours", "SELECT id, name FROM business_schedules WHERE id"},
    {"sla_policy", "SELECT id, name FROM sla_policies WHERE id"},
    {"api_token", "SELECT id, name FROM api_tokens WHERE id"},
    {"webhook", "SELECT id, url FROM webhooks WHERE id"},
    {"webhook_delivery",
     "SELECT d.id, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
     "WHERE d.id"},
    {"kb_category", "SELECT id, name FROM kb_categories WHERE id"},
    {"kb_article", "SELECT id, title FROM kb_articles WHERE id"},
    {"ticket", "SELECT id, subject FROM tickets WHERE id"},
    {"attachment", "SELECT id, filename FROM attachments WHERE id"},
    {"mail_message", "SELECT id, subject FROM mail_messages WHERE id"},
};
}  // namespace

std::map<std::string, std::string> audit_target_names(Connection& c,
                                                      const std::vector<AuditRecord>& entries) {
  std::map<std::string, std::string> out;
  for (const NameSource& source : kNameSources) {
    std::set<std::int64_t> ids;
    for (const AuditRecord& e : entries)
      if (e.entity_id && e.entity_type == source.entity_type) ids.insert(*e.entity_id);
    if (ids.empty()) continue;
    std::string sql = std::string(source.select) + " IN (";
    Params params;
    for (std::int64_t id : ids) {
      sql += params.empty() ? "?" : ", ?";
      params.emplace_back(id);
    }
    for (const Row& r : c.query(sql + ")", params).rows)
      out[std::string(source.entity_type) + "#" + std::to_string(r.i64(0))] = r.text(1);
  }
  return out;
}

std::int64_t insert_event(Connection& c, const OutboxRecord& e) {
  return c
      .query(
          "INSERT INTO outbox (event_type, ticket_id, payload, created_at) VALUES (?, ?, ?, ?) "
          "RETURNING id",
          {e.event_type, e.ticket_id, e.payload_json, e.created_at})
      .first()
      .i64(0);
}

namespace {
std::vector<OutboxRecord> outbox_records(const ResultSet& rs) {
  std::vector<OutboxRecord> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) {
    out.push_back(OutboxRecord{r.i64(0), r.text(1), r.opt_i64(2), r.text(3), r.i64(4)});
  }
  return out;
}
}  // namespace

std::vector<OutboxRecord> pending_events(Connection& c, int limit) {
  return outbox_records(
      c.query("SELECT id, event_type, ticket_id, payload, created_at FROM outbox "
              "WHERE dispatched_at IS NULL ORDER BY id LIMIT ?",
              {limit}));
}

std::int64_t last_event_id(Connection& c) {
  return c.query("SELECT COALESCE(MAX(id), 0) FROM outbox").first().i64(0);
}

std::vector<OutboxRecord> events_after(Connection& c, std::int64_t after_id, int limit) {
  return outbox_records(
      c.query("SELECT id, event_type, ticket_id, payload, created_at FROM outbox "
              "WHERE id > ? ORDER BY id LIMIT ?",
              {after_id, limit}));
}

std::vector<OutboxRecord> events_with_ids(Connection& c, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::string sql =
      "SELECT id, event_type, ticket_id, payload, created_at FROM outbox WHERE id IN (";
  Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.emplace_back(ids[i]);
  }
  return outbox_records(c.query(sql + ") ORDER BY id", params));
}

void mark_dispatched(Connection& c, const std::vector<std::int64_t>& ids, Millis at) {
  // One statement per batch: the relay stamps every event the helpdesk
  // writes, so this sits on the write path of every change.
  for (std::size_t start = 0; start < ids.size(); start += 200) {
    std::size_t end = std::min(ids.size(), start + 200);
    std::string sql = "UPDATE outbox SET dispatched_at = ? WHERE id IN (";
    Params params{at};
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      params.emplace_back(ids[i]);
    }
    c.execute(sql + ")", params);
  }
}

}  // namespace escalated::store::journal
