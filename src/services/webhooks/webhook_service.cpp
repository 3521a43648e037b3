#include "services/webhooks/webhook_service.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time_format.h"
#include "security/signatures.h"
#include "security/tokens.h"
#include "services/base/journal.h"
#include "services/base/stored_json.h"
#include "services/base/ticket_json.h"

namespace escalated::services {

namespace json = boost::json;
namespace hooks = store::webhooks;

namespace {

constexpr std::size_t kMaxUrl = 2000;
constexpr int kDeliveriesListed = 100;

bool subscribed(const hooks::WebhookRecord& w, const std::string& type) {
  auto events = stored_strings(w.events_json);
  return std::any_of(events.begin(), events.end(),
                     [&](const std::string& e) { return e == "*" || e == type; });
}

// "https://host[:port]/path": an absolute http(s) URL with a host and no
// credentials. Where the host may be reached is decided at delivery time.
bool plausible_url(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  std::string scheme = url.substr(0, scheme_end);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http" && scheme != "https") return false;
  std::string rest = url.substr(scheme_end + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.find('@') != std::string::npos) return false;
  return std::none_of(url.begin(), url.end(), [](unsigned char c) { return c <= ' ' || c == 127; });
}

std::string generate_secret() {
  std::string raw = security::random_token(24);  // base64url text; decode for the bytes
  std::string bytes;
  security::base64url_decode(raw, bytes);
  return "whsec_" + security::base64_encode(bytes);
}

// Applies the fields set; returns the secret when they set one.
std::optional<std::string> apply_fields(const WebhookFields& f, hooks::WebhookRecord& w,
                                        bool creating) {
  core::FieldErrorCollector errors;
  if (f.url) {
    if (f.url->size() > kMaxUrl || !plausible_url(*f.url))
      errors.add("url", "must be an absolute http or https URL without credentials");
    else
      w.url = *f.url;
  } else if (creating) {
    errors.add("url", "is required");
  }
  if (f.events) {
    const auto& known = webhook_event_names();
    json::array kept;
    if (f.events->empty()) {
      errors.add("events", "must be a non-empty list of event names, or [\"*\"]");
    } else {
      for (std::size_t i = 0; i < f.events->size(); ++i) {
        const std::string& e = (*f.events)[i];
        if (e == "*" || std::find(known.begin(), known.end(), e) != known.end())
          kept.emplace_back(e);
        else
          errors.add("events[" + std::to_string(i) + "]", "is not an event name (or \"*\")");
      }
    }
    w.events_json = json::serialize(kept);
  } else if (creating) {
    errors.add("events", "is required");
  }
  if (f.secret && (f.secret->size() < 16 || f.secret->size() > 200))
    errors.add("secret", "must be 16 to 200 characters (leave it out to get a generated one)");
  if (f.description) {
    if (f.description->size() > 500)
      errors.add("description", "must be a string of at most 500 characters");
    else
      w.description = *f.description;
  }
  if (f.active) w.active = *f.active;
  errors.raise_if_any();
  std::optional<std::string> secret = f.secret;
  if (creating && !secret) secret = generate_secret();
  if (secret) w.secret = *secret;
  return secret;
}

}  // namespace

const std::vector<std::string>& webhook_event_names() {
  static const std::vector<std::string> names = {event_types::kTicketCreated,
                                                 event_types::kTicketUpdated,
                                                 event_types::kTicketStatusChanged,
                                                 event_types::kTicketAssigned,
                                                 event_types::kTicketUnassigned,
                                                 event_types::kTicketPriorityChanged,
                                                 event_types::kTicketDepartmentChanged,
                                                 event_types::kTicketTagAdded,
                                                 event_types::kTicketTagRemoved,
                                                 event_types::kTicketEscalated,
                                                 event_types::kTicketResolved,
                                                 event_types::kTicketClosed,
                                                 event_types::kTicketReopened,
                                                 event_types::kReplyCreated,
                                                 event_types::kNoteCreated,
                                                 event_types::kSlaWarning,
                                                 event_types::kSlaBreached,
                                                 event_types::kTicketRated};
  return names;
}

json::object webhook_json(const hooks::WebhookRecord& w) {
  json::array events;
  for (const auto& e : stored_strings(w.events_json)) events.emplace_back(e);
  return {{"id", w.id},
          {"url", w.url},
          {"events", std::move(events)},
          {"description", w.description},
          {"active", w.active},
          {"created_at", core::format_rfc3339(w.created_at)},
          {"updated_at", core::format_rfc3339(w.updated_at)}};
}

json::object delivery_json(const hooks::DeliveryRecord& d) {
  json::array attempts;
  for (const auto& a : d.attempts) {
    attempts.push_back(json::object{
        {"at", core::format_rfc3339(a.at)},
        {"response_code", a.response_code ? json::value(*a.response_code) : json::value()},
        {"error", a.error ? json::value(*a.error) : json::value()},
        {"response_body", a.response_body ? json::value(*a.response_body) : json::value()}});
  }
  return {{"id", d.id},
          {"webhook_id", d.webhook_id},
          {"message_id", d.message_id},
          {"event", d.event_type},
          {"status", d.status},
          {"next_attempt_at", d.status == "pending"
                                  ? json::value(core::format_rfc3339(d.next_attempt_at))
                                  : json::value()},
          {"attempts", std::move(attempts)},
          {"created_at", core::format_rfc3339(d.created_at)}};
}

void WebhookService::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

std::shared_ptr<const std::vector<hooks::WebhookRecord>> WebhookService::active(
    store::Connection& c) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (cached_ && now - cached_at_ < std::chrono::seconds(1)) return cached_;
  }
  auto list = std::make_shared<std::vector<hooks::WebhookRecord>>();
  for (auto& w : hooks::list(c))
    if (w.active) list->push_back(std::move(w));
  std::lock_guard lock(mutex_);
  cached_ = list;
  cached_at_ = now;
  return list;
}

std::vector<hooks::WebhookRecord> WebhookService::list(const core::Actor& actor) {
  require(actor, core::Permission::kWebhookManage);
  return ctx_.db.read([](store::Connection& c) { return hooks::list(c); });
}

hooks::WebhookRecord WebhookService::get(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kWebhookManage);
  return ctx_.db.read(
      [id](store::Connection& c) { return core::found_or_404(hooks::find(c, id), "webhook"); });
}

IssuedWebhook WebhookService::create(const core::Actor& actor, const WebhookFields& fields) {
  require(actor, core::Permission::kWebhookManage);
  IssuedWebhook issued;
  issued.secret = apply_fields(fields, issued.record, true);
  issued.record.created_at = issued.record.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    issued.record.id = hooks::insert(c, issued.record);
    Journal(c, &actor, issued.record.created_at)
        .audit("webhook", issued.record.id, "created", nullptr, webhook_json(issued.record));
  });
  invalidate();
  return issued;
}

IssuedWebhook WebhookService::update(const core::Actor& actor, std::int64_t id,
                                     const WebhookFields& fields) {
  require(actor, core::Permission::kWebhookManage);
  IssuedWebhook issued = ctx_.db.write([&](store::Connection& c) {
    auto w = core::found_or_404(hooks::find(c, id), "webhook");
    auto before = webhook_json(w);
    IssuedWebhook out;
    out.secret = apply_fields(fields, w, false);
    w.updated_at = ctx_.clock.now();
    hooks::update(c, w);
    json::object after = webhook_json(w);
    if (out.secret) after["secret_changed"] = true;
    Journal(c, &actor, w.updated_at).audit("webhook", id, "updated", before, after);
    out.record = w;
    return out;
  });
  invalidate();
  return issued;
}

void WebhookService::remove(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kWebhookManage);
  ctx_.db.write([&](store::Connection& c) {
    auto w = core::found_or_404(hooks::find(c, id), "webhook");
    hooks::remove(c, id);
    Journal(c, &actor, ctx_.clock.now()).audit("webhook", id, "deleted", webhook_json(w), nullptr);
  });
  invalidate();
}

std::vector<hooks::DeliveryRecord> WebhookService::deliveries(const core::Actor& actor,
                                                              std::int64_t id) {
  require(actor, core::Permission::kWebhookManage);
  return ctx_.db.read([id](store::Connection& c) {
    if (!hooks::find(c, id)) throw core::NotFound("No such webhook.");
    return hooks::deliveries_of(c, id, kDeliveriesListed);
  });
}

hooks::DeliveryRecord WebhookService::retry(const core::Actor& actor, std::int64_t webhook_id,
                                            std::int64_t delivery_id) {
  require(actor, core::Permission::kWebhookManage);
  auto d = ctx_.db.write([&](store::Connection& c) {
    auto d = hooks::find_delivery(c, delivery_id);
    if (!d || d->webhook_id != webhook_id) throw core::NotFound("No such delivery.");
    core::Millis now = ctx_.clock.now();
    hooks::settle(c, d->id, "pending", d->attempt_count, now, now);
    Journal(c, &actor, now)
        .audit("webhook_delivery", d->id, "retried", nullptr,
               json::object{{"webhook_id", webhook_id}});
    return *hooks::find_delivery(c, delivery_id);
  });
  ctx_.events_written();  // wakes the dispatcher
  return d;
}

void WebhookService::fan_out(const Event& event) {
  auto hooks_now = ctx_.db.read([this](store::Connection& c) { return active(c); });
  std::vector<const hooks::WebhookRecord*> targets;
  for (const auto& w : *hooks_now)
    if (subscribed(w, event.type)) targets.push_back(&w);
  if (targets.empty()) return;
  json::object data = stored_object(event.payload_json);
  std::string message_id = "evt_" + std::to_string(event.id);
  std::string body =
      json::serialize(json::object{{"id", message_id},
                                   {"type", event.type},
                                   {"timestamp", core::format_rfc3339(event.occurred_at)},
                                   {"data", data}});
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    for (const auto* w : targets) {
      hooks::DeliveryRecord d;
      d.webhook_id = w->id;
      d.event_id = event.id;
      d.event_type = event.type;
      d.message_id = message_id;
      d.body = body;
      d.next_attempt_at = now;
      d.created_at = now;
      hooks::add_delivery(c, d);
    }
  });
  ctx_.events_written();  // wakes the dispatcher
}

}  // namespace escalated::services
