#include "services/webhooks/webhook_dispatcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>

#include "core/retry_backoff.h"
#include "security/network_policy.h"
#include "security/signatures.h"
#include "services/base/curl_support.h"

namespace escalated::services {

namespace hooks = store::webhooks;

namespace {

// What libcurl hands back, kept up to a limit.
struct Transfer {
  CurlList headers;
  CurlList resolve;
  std::string response;
  std::size_t index = 0;
};

std::size_t keep_response(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  std::size_t room = WebhookDispatcher::kKeptResponseBytes -
                     std::min(t->response.size(), WebhookDispatcher::kKeptResponseBytes);
  t->response.append(data, std::min(n, room));
  return n;  // read the rest, keep none of it
}

// Response bodies are shown to admins as JSON text: keep printable ASCII,
// newlines and tabs; anything else becomes '?'.
std::string printable(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u >= 0x7f) c = '?';
  }
  return out;
}

struct Target {
  std::string host, port, error;
};

Target target_of(const std::string& url) {
  Target t;
  CurlUrl owner = make_curl_url();
  CURLU* u = owner.get();
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    t.error = "the URL cannot be parsed";
  } else {
    char* host = nullptr;
    char* port = nullptr;
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) t.host = host;
    if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) t.port = port;
    curl_free(host);
    curl_free(port);
    if (t.host.empty() || t.port.empty()) t.error = "the URL names no host";
  }
  return t;
}

}  // namespace

core::Millis WebhookDispatcher::backoff(int attempt, double jitter) {
  static constexpr core::Millis kDelays[] = {60'000,     300'000,    1'800'000, 3'600'000,
                                             10'800'000, 21'600'000, 43'200'000};
  int i = std::clamp(attempt, 1, static_cast<int>(std::size(kDelays))) - 1;
  return core::with_jitter(kDelays[i], jitter);
}

std::vector<WebhookDispatcher::Outcome> WebhookDispatcher::send(
    const std::vector<hooks::DeliveryRecord>& batch,
    const std::vector<hooks::WebhookRecord>& webhooks, core::Millis now) {
  curl_global_once();
  std::map<std::int64_t, const hooks::WebhookRecord*> by_id;
  for (const auto& w : webhooks) by_id[w.id] = &w;
  std::vector<Outcome> outcomes(batch.size());
  // Declared before the batch, so the transfers' lists outlive its handles.
  std::vector<std::unique_ptr<Transfer>> transfers;
  CurlBatch curl;
  std::string timestamp = std::to_string(now / 1000);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& d = batch[i];
    auto hook = by_id.find(d.webhook_id);
    if (hook == by_id.end() || !hook->second->active) {
      outcomes[i].error = "the webhook is inactive";
      continue;
    }
    const hooks::WebhookRecord& w = *hook->second;
    Target target = target_of(w.url);
    if (!target.error.empty()) {
      outcomes[i].error = target.error;
      continue;
    }
    auto resolved =
        security::resolve_outbound_host(target.host, ctx_.options.webhooks.allowed_hosts);
    if (!resolved.error.empty()) {
      outcomes[i].error = "refused: " + resolved.error;
      continue;
    }
    auto t = std::make_unique<Transfer>();
    t->index = i;
    std::string pinned_host = target.host;
    if (pinned_host.size() > 2 && pinned_host.front() == '[')
      pinned_host = pinned_host.substr(1, pinned_host.size() - 2);
    std::string address = resolved.address.find(':') != std::string::npos
                              ? "[" + resolved.address + "]"
                              : resolved.address;
    // Connect to the address that was checked, not to a second DNS answer.
    t->resolve.append(pinned_host + ":" + target.port + ":" + address);
    for (const std::string& h :
         {std::string("Content-Type: application/json"),
          std::string("User-Agent: Escalated-Webhooks/1"), "webhook-id: " + d.message_id,
          "webhook-timestamp: " + timestamp,
          "webhook-signature: " +
              security::standard_webhook_signature(w.secret, d.message_id, timestamp, d.body),
          "X-Escalated-Event: " + d.event_type,
          "X-Escalated-Signature: " + security::escalated_signature(w.secret, d.body),
          std::string("Expect:")})
      t->headers.append(h);
    CURL* e = curl.add();
    curl_easy_setopt(e, CURLOPT_URL, w.url.c_str());
    curl_easy_setopt(e, CURLOPT_RESOLVE, t->resolve.get());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers.get());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, d.body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(d.body.size()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kTimeoutMillis);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    // Never through a proxy named by http_proxy / HTTPS_PROXY / ALL_PROXY:
    // the proxy, not us, would pick the address, past the pinned check.
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, keep_response);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    transfers.push_back(std::move(t));
  }
  curl.perform_all([&](CURL* easy, CURLcode result) {
    Transfer* t = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
    Outcome& o = outcomes[t->index];
    if (result == CURLE_OK) {
      long code = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
      o.response_code = code;
      o.response_body = printable(t->response);
      if (code < 200 || code >= 300) o.error = "the receiver answered " + std::to_string(code);
    } else {
      o.error = curl_easy_strerror(result);
    }
  });
  return outcomes;
}

size_t WebhookDispatcher::run_due() {
  return drain_.run(hooks::claim_due, [&](const auto& batch, core::Millis now) {
    auto webhooks = ctx_.db.read([](store::Connection& c) { return hooks::list(c); });
    std::vector<Outcome> outcomes = send(batch, webhooks, now);
    ctx_.db.write([&](store::Connection& c) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& d = batch[i];
        const Outcome& o = outcomes[i];
        hooks::AttemptRecord a;
        a.delivery_id = d.id;
        a.at = now;
        if (o.response_code) a.response_code = *o.response_code;
        if (!o.error.empty()) a.error = o.error;
        if (o.response_code) a.response_body = o.response_body;
        hooks::record_attempt(c, a);
        int attempts = d.attempt_count + 1;
        if (o.delivered())
          hooks::settle(c, d.id, "delivered", attempts, now, now);
        else if (attempts >= kMaxAttempts)
          hooks::settle(c, d.id, "failed", attempts, now, now);
        else
          hooks::settle(c, d.id, "pending", attempts, now + backoff(attempts, random_jitter()),
                        now);
      }
    });
    return batch.size();
  });
}

void WebhookDispatcher::start() {
  // Woken by new deliveries; otherwise once a second for retries that fell
  // due and deliveries other nodes created.
  loop_.start("webhooks", [this] {
    run_due();
    return std::chrono::milliseconds(1000);
  });
}

}  // namespace escalated::services
