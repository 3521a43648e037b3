// Sends webhook deliveries: claims due ones under a lease (FOR UPDATE SKIP
// LOCKED on PostgreSQL, so nodes never send one delivery at once), sends a
// batch concurrently through libcurl's multi interface on its own thread
// (never a request thread), signs each request, refuses targets that resolve
// to non-public addresses unless allowed, follows no redirects, and records
// every attempt. A failure is retried with exponential backoff and jitter, up
// to kMaxAttempts over about a day; then the delivery is marked failed.
//
// Under the test clock no thread runs; POST /_test/run-jobs calls run_due().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/base/background_loop.h"
#include "services/base/context.h"
#include "services/base/leased_drain.h"
#include "store/webhook_repo.h"

namespace escalated::services {

class WebhookDispatcher {
 public:
  static constexpr int kMaxAttempts = 8;
  static constexpr long kTimeoutMillis = 10'000;
  static constexpr std::size_t kKeptResponseBytes = 1024;
  static constexpr core::Millis kLease = 5 * 60'000;  // well beyond a batch's timeouts
  static constexpr int kBatch = 32;

  explicit WebhookDispatcher(ServiceContext& ctx) : ctx_(ctx), drain_(ctx, kLease, kBatch) {}
  ~WebhookDispatcher() { stop(); }

  // Sends every delivery due by the clock now; returns how many it tried.
  size_t run_due();

  // The wait after failed attempt `attempt` (1-based): 1 min, 5 min, 30 min,
  // 1 h, 3 h, 6 h, 12 h, each ±10 % at random (about 23 h in all).
  static core::Millis backoff(int attempt, double jitter /* -1 .. 1 */);

  void start();
  void stop() { loop_.stop(); }
  void notify() { loop_.notify(); }

 private:
  struct Outcome {
    std::optional<long> response_code;
    std::string error;
    std::string response_body;
    bool delivered() const {
      return error.empty() && response_code && *response_code >= 200 && *response_code < 300;
    }
  };
  std::vector<Outcome> send(const std::vector<store::webhooks::DeliveryRecord>& batch,
                            const std::vector<store::webhooks::WebhookRecord>& hooks,
                            core::Millis now);

  ServiceContext& ctx_;
  LeasedDrain drain_;
  BackgroundLoop loop_;
};

}  // namespace escalated::services
