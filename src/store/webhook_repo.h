// Webhook subscriptions, their deliveries and the attempts made for each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::webhooks {

struct WebhookRecord {
  std::int64_t id = 0;
  std::string url;
  std::string events_json = "[]";
  std::string secret;
  std::string description;
  bool active = true;
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct AttemptRecord {
  std::int64_t id = 0;
  std::int64_t delivery_id = 0;
  Millis at = 0;
  std::optional<std::int64_t> response_code;
  std::optional<std::string> error;
  std::optional<std::string> response_body;
};

struct DeliveryRecord {
  std::int64_t id = 0;
  std::int64_t webhook_id = 0;
  std::int64_t event_id = 0;
  std::string event_type;
  std::string message_id;
  std::string body;
  std::string status;  // pending | delivered | failed
  int attempt_count = 0;
  Millis next_attempt_at = 0;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::vector<AttemptRecord> attempts;  // filled by the listing
};

std::int64_t insert(Connection& c, const WebhookRecord& w);
std::optional<WebhookRecord> find(Connection& c, std::int64_t id);
std::vector<WebhookRecord> list(Connection& c);
void update(Connection& c, const WebhookRecord& w);
void remove(Connection& c, std::int64_t id);

// Creates the delivery unless this webhook already has one for the event
// (events can be offered twice after a crash); returns whether it did.
bool add_delivery(Connection& c, const DeliveryRecord& d);
// Up to `limit` pending deliveries due by `now` that no live lease holds,
// oldest first, leased until `lease_until`.
std::vector<DeliveryRecord> claim_due(Connection& c, Millis now, Millis lease_until, int limit);
void record_attempt(Connection& c, const AttemptRecord& a);
// After an attempt: the new status and, when pending, the next try.
void settle(Connection& c, std::int64_t delivery_id, const std::string& status, int attempt_count,
            Millis next_attempt_at, Millis now);
std::optional<DeliveryRecord> find_delivery(Connection& c, std::int64_t id);
// Newest first, with their attempts.
std::vector<DeliveryRecord> deliveries_of(Connection& c, std::int64_t webhook_id, int limit);

}  // namespace escalated::store::webhooks
