#include "store/webhook_repo.h"

#include "store/lease.h"

#include <algorithm>
#include <map>

namespace escalated::store::webhooks {
namespace {

constexpr const char* kWebhookColumns =
    "SELECT id, url, events, secret, description, active, created_at, updated_at FROM webhooks";
constexpr const char* kDeliveryColumns =
    "id, webhook_id, event_id, event_type, message_id, body, status, attempt_count, "
    "next_attempt_at, created_at, updated_at";

WebhookRecord read_webhook(const Row& r) {
  return WebhookRecord{r.i64(0),  r.text(1),    r.text(2), r.text(3),
                       r.text(4), r.boolean(5), r.i64(6),  r.i64(7)};
}

DeliveryRecord read_delivery(const Row& r) {
  DeliveryRecord d;
  d.id = r.i64(0);
  d.webhook_id = r.i64(1);
  d.event_id = r.i64(2);
  d.event_type = r.text(3);
  d.message_id = r.text(4);
  d.body = r.text(5);
  d.status = r.text(6);
  d.attempt_count = static_cast<int>(r.i64(7));
  d.next_attempt_at = r.i64(8);
  d.created_at = r.i64(9);
  d.updated_at = r.i64(10);
  return d;
}

}  // namespace

std::int64_t insert(Connection& c, const WebhookRecord& w) {
  return c
      .query(
          "INSERT INTO webhooks (url, events, secret, description, active, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {w.url, w.events_json, w.secret, w.description, w.active, w.created_at, w.updated_at})
      .first()
      .i64(0);
}

std::optional<WebhookRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kWebhookColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_webhook(rs.first());
}

std::vector<WebhookRecord> list(Connection& c) {
  std::vector<WebhookRecord> out;
  for (const Row& r : c.query(std::string(kWebhookColumns) + " ORDER BY id").rows)
    out.push_back(read_webhook(r));
  return out;
}

void update(Connection& c, const WebhookRecord& w) {
  c.execute(
      "UPDATE webhooks SET url = ?, events = ?, secret = ?, description = ?, active = ?, "
      "updated_at = ? WHERE id = ?",
      {w.url, w.events_json, w.secret, w.description, w.active, w.updated_at, w.id});
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM webhooks WHERE id = ?", {id});
}

bool add_delivery(Connection& c, const DeliveryRecord& d) {
  return c.execute(
             "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, message_id, body, "
             "status, attempt_count, next_attempt_at, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
             "ON CONFLICT (webhook_id, event_id) DO NOTHING",
             {d.webhook_id, d.event_id, d.event_type, d.message_id, d.body, d.next_attempt_at,
              d.created_at, d.created_at}) > 0;
}

std::vector<DeliveryRecord> claim_due(Connection& c, Millis now, Millis lease_until, int limit) {
  static constexpr LeasedTable kDeliveries{"webhook_deliveries", "next_attempt_at",
                                           "status = 'pending'", "", kDeliveryColumns};
  std::vector<DeliveryRecord> out;
  for (const Row& r : claim_leased(c, kDeliveries, now, lease_until, limit).rows)
    out.push_back(read_delivery(r));
  std::sort(out.begin(), out.end(), [](const DeliveryRecord& a, const DeliveryRecord& b) {
    return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at
                                                  : a.id < b.id;
  });
  return out;
}

void record_attempt(Connection& c, const AttemptRecord& a) {
  c.execute(
      "INSERT INTO webhook_attempts (delivery_id, at, response_code, error, response_body) "
      "VALUES (?, ?, ?, ?, ?)",
      {a.delivery_id, a.at, a.response_code, a.error, a.response_body});
}

void settle(Connection& c, std::int64_t delivery_id, const std::string& status, int attempt_count,
            Millis next_attempt_at, Millis now) {
  c.execute(
      "UPDATE webhook_deliveries SET status = ?, attempt_count = ?, next_attempt_at = ?, "
      "locked_until = NULL, updated_at = ? WHERE id = ?",
      {status, attempt_count, next_attempt_at, now, delivery_id});
}

std::optional<DeliveryRecord> find_delivery(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(
      std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_delivery(rs.first());
}

std::vector<DeliveryRecord> deliveries_of(Connection& c, std::int64_t webhook_id, int limit) {
  std::vector<DeliveryRecord> out;
  for (const Row& r :
       c.query(std::string("SELECT ") + kDeliveryColumns +
                   " FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
               {webhook_id, limit})
           .rows)
    out.push_back(read_delivery(r));
  if (out.empty()) return out;
  std::string sql =
      "SELECT id, delivery_id, at, response_code, error, response_body FROM webhook_attempts "
      "WHERE delivery_id IN (";
  Params params;
  std::map<std::int64_t, DeliveryRecord*> by_id;
  for (auto& d : out) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(d.id);
    by_id[d.id] = &d;
  }
  for (const Row& r : c.query(sql + ") ORDER BY id", params).rows) {
    AttemptRecord a{r.i64(0), r.i64(1), r.i64(2), r.opt_i64(3), r.opt_text(4), r.opt_text(5)};
    by_id[a.delivery_id]->attempts.push_back(std::move(a));
  }
  return out;
}

}  // namespace escalated::store::webhooks
