// Webhooks, the admin side and the fan-out: admins subscribe URLs to domain
// events; every event the outbox relays becomes one delivery per matching
// active webhook, with its body built once (so retries send the same bytes
// and the same id). WebhookDispatcher sends them.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "escalated/events.h"
#include "services/base/context.h"
#include "store/webhook_repo.h"

namespace escalated::services {

// Every event a webhook may subscribe to, as named on the wire.
const std::vector<std::string>& webhook_event_names();

// A create or partial update as the client sent it (absent: unchanged). A
// create needs `url` and `events`; without a `secret` one is generated. The
// service checks the URL's shape, the event names (or "*"), the secret's and
// the description's length.
struct WebhookFields {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<std::string> secret;
  std::optional<std::string> description;
  std::optional<bool> active;
};

struct IssuedWebhook {
  store::webhooks::WebhookRecord record;
  std::optional<std::string> secret;  // set when it was generated or changed
};

class WebhookService {
 public:
  explicit WebhookService(ServiceContext& ctx) : ctx_(ctx) {}

  // Admin only. Updates change only the fields set. The secret is shown only
  // in the answer that set it.
  std::vector<store::webhooks::WebhookRecord> list(const core::Actor& actor);
  store::webhooks::WebhookRecord get(const core::Actor& actor, std::int64_t id);
  IssuedWebhook create(const core::Actor& actor, const WebhookFields& fields);
  IssuedWebhook update(const core::Actor& actor, std::int64_t id, const WebhookFields& fields);
  void remove(const core::Actor& actor, std::int64_t id);
  std::vector<store::webhooks::DeliveryRecord> deliveries(const core::Actor& actor,
                                                          std::int64_t id);
  // Sends the delivery again as soon as the dispatcher runs (same id).
  store::webhooks::DeliveryRecord retry(const core::Actor& actor, std::int64_t webhook_id,
                                        std::int64_t delivery_id);

  // The outbox relay's sink: creates the event's deliveries. Safe to call
  // twice for one event.
  void fan_out(const Event& event);

 private:
  std::shared_ptr<const std::vector<store::webhooks::WebhookRecord>> active(store::Connection& c);
  void invalidate();

  ServiceContext& ctx_;
  std::mutex mutex_;
  std::shared_ptr<const std::vector<store::webhooks::WebhookRecord>> cached_;
  std::chrono::steady_clock::time_point cached_at_;
};

// The relay sink that feeds WebhookService::fan_out.
class WebhookFanOut : public EventSink {
 public:
  explicit WebhookFanOut(WebhookService& service) : service_(service) {}
  void on_event(const Event& event) override { service_.fan_out(event); }

 private:
  WebhookService& service_;
};

boost::json::object webhook_json(const store::webhooks::WebhookRecord& w);
boost::json::object delivery_json(const store::webhooks::DeliveryRecord& d);

}  // namespace escalated::services
