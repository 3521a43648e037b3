// Sends queued notification mail over SMTP (libcurl): claims due messages
// under a lease (FOR UPDATE SKIP LOCKED on PostgreSQL, so two nodes never
// send one message at once), sends a batch concurrently through libcurl's
// multi interface on its own thread (never a request thread), and records
// each attempt. A failure is retried with exponential backoff and jitter up
// to Mail.MaxAttempts; then the message is marked failed. Mail.RequireTls
// insists on STARTTLS, Mail.VerifyTls checks the server's certificate.
//
// A crash after the server accepted a message but before it was marked sent
// sends it again once the lease runs out: delivery is at least once.
//
// Under the test clock no thread runs; POST /_test/run-jobs calls run_due().
#pragma once

#include <string>
#include <vector>

#include "services/base/background_loop.h"
#include "services/base/context.h"
#include "services/base/leased_drain.h"
#include "store/mail_repo.h"

namespace escalated::services {

class MailDispatcher {
 public:
  static constexpr long kTimeoutMillis = 60'000;
  static constexpr long kConnectTimeoutMillis = 10'000;
  static constexpr core::Millis kLease = 5 * 60'000;  // well beyond a batch's timeouts
  static constexpr int kBatch = 16;

  explicit MailDispatcher(ServiceContext& ctx) : ctx_(ctx), drain_(ctx, kLease, kBatch) {}
  ~MailDispatcher() { stop(); }

  // Sends every message due by the clock now; returns how many it sent.
  size_t run_due();

  // The wait after failed attempt `attempt` (1-based): one minute, doubling
  // each time, at most six hours, each ±10 % at random.
  static core::Millis backoff(int attempt, double jitter /* -1 .. 1 */);

  void start();
  void stop() { loop_.stop(); }
  void notify() { loop_.notify(); }

 private:
  // Per message: "" when the server accepted it, else what went wrong.
  std::vector<std::string> send(const std::vector<store::mail::MailRecord>& batch);

  ServiceContext& ctx_;
  LeasedDrain drain_;
  BackgroundLoop loop_;
};

}  // namespace escalated::services
