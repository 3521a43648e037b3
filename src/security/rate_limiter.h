// Request rate limits and sign-in lockouts, both driven by an injected Clock,
// so tests move time instead of sleeping. Request budgets are counted in
// memory on each node (across several nodes that multiplies a budget by the
// node count, which is accepted for budgets); sign-in failures can be kept
// where all nodes share them (LoginFailureStore), which the server does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace escalated::security {

// What check_and_count() decided, in the shape of the RateLimit-* and
// Retry-After response headers.
struct RateDecision {
  bool allowed = false;
  int limit = 0;
  // Requests left in the window after this one (0 when refused).
  int remaining = 0;
  // When refused: whole seconds (at least 1) until a request would be
  // allowed if none were made meanwhile. 0 when allowed.
  int retry_after_seconds = 0;
};

// A sliding-window limit per key ("ip:1.2.3.4", "user:5:tickets.create").
//
// It keeps, per key, only the counts of the current and the previous fixed
// window (aligned to multiples of the window length since the epoch) and
// estimates the requests in the sliding window ending now as
//   previous * (time left of the current window / window) + current,
// which assumes the previous window's requests were spread evenly. That costs
// two counters per key instead of a timestamp per request, at the price of
// letting a burst at the end of one window and the start of the next go a
// little past the limit. Refused requests are not counted, so a client that
// keeps retrying gets through as the window slides, at the limited rate.
//
// Memory is bounded: keys idle for two windows are dropped as they are met,
// and at `max_keys` the least recently used key is forgotten (an attacker
// rotating keys to push out a limited one must get past every other limit
// that applies to it first). One mutex; every call is O(1). Thread-safe.
class RateLimiter {
 public:
  static constexpr std::size_t kDefaultMaxKeys = 100'000;

  explicit RateLimiter(const core::Clock& clock, std::size_t max_keys = kDefaultMaxKeys);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Counts a request under `key` if at most `limit` requests (limit >= 0)
  // would then fall in the `window` (> 0 ms) ending now. A key used with a
  // new window length starts again from zero. Throws std::invalid_argument on
  // a window <= 0.
  RateDecision check_and_count(std::string_view key, int limit, core::Millis window);

  // Keys currently remembered.
  std::size_t size() const;

 private:
  struct State;
  const core::Clock& clock_;
  mutable std::mutex mutex_;
  std::unique_ptr<State> state_;
};

// One key's sign-in failures, as LoginThrottle keeps them.
struct LoginFailures {
  std::vector<core::Millis> recent;  // oldest first; only the newest max_failures
  int lockouts = 0;
  core::Millis locked_until = 0;
  core::Millis last_failure = 0;
  // Nothing worth keeping: no recent failure and no lock history.
  bool empty() const { return recent.empty() && lockouts == 0; }
};

// Where LoginThrottle keeps the failures of each key: in this process (the
// default, MemoryLoginFailures), or where every node of a cluster sees them
// (services/access/shared_login_failures.h, the database), so that ten failures
// spread over several nodes lock an account as ten on one node would.
class LoginFailureStore {
 public:
  using Change = std::function<void(std::vector<LoginFailures>&)>;
  virtual ~LoginFailureStore() = default;
  // Loads the records of `keys` (a key not kept yet: an empty record), lets
  // `change` edit them in place, and keeps what it left (an empty record is
  // forgotten): one step that no other update of the same keys, from this
  // process or another, interleaves with.
  virtual void update(const std::vector<std::string>& keys, const Change& change) = 0;
  // Keys currently kept.
  virtual std::size_t size() const = 0;
};

// Failures in this process's memory: bounded like RateLimiter (records idle
// for `window` since their last failure and their lock are dropped as they
// are met, and beyond `max_keys` the least recently used go).
class MemoryLoginFailures : public LoginFailureStore {
 public:
  MemoryLoginFailures(const core::Clock& clock, core::Millis window, std::size_t max_keys);
  ~MemoryLoginFailures() override;
  void update(const std::vector<std::string>& keys, const Change& change) override;
  std::size_t size() const override;

 private:
  struct State;
  const core::Clock& clock_;
  const core::Millis window_;
  mutable std::mutex mutex_;
  std::unique_ptr<State> state_;
};

struct LoginThrottleOptions {
  // Failures within `window` that lock an account or an IP address.
  int max_failures_per_account = 10;
  int max_failures_per_ip = 10;
  core::Millis window = 15 * 60'000;
  // The first lock lasts first_lock; each further failure before the key is
  // forgotten locks it again for twice as long as the last, up to max_lock.
  core::Millis first_lock = 60'000;
  core::Millis max_lock = 15 * 60'000;
  std::size_t max_keys = 100'000;
};

// Sign-in failures per account and per client IP address.
//
// Once `max_failures_*` failures fell within `window`, the account or IP is
// locked for first_lock; every later failure re-locks it for double the last
// lock, capped at max_lock. Attempts during a lock are refused before the
// password is looked at and are not counted, so nothing extends a lock that is
// in place: whatever a stranger does, one lock on an account ends after at most
// max_lock (15 minutes). A key is forgotten once `window` has passed since both
// its last failure and the end of its last lock. A successful sign-in forgets
// the account's failures, but not the IP's (beyond the attempt itself): one
// account of the attacker's own must not reset the count of an IP guessing at
// others.
//
// An attempt is counted as a failure when it begins and taken back when it
// succeeds, so a burst of parallel guesses cannot all pass the check before
// the first of them is recorded. Thread-safe. The failures live in `store`
// (default: MemoryLoginFailures, this process only).
class LoginThrottle {
 public:
  // What begin_attempt() decided. Keep it until the password was checked.
  class Attempt {
   public:
    bool allowed() const { return allowed_; }
    // When refused: whole seconds until the later lock (account or IP) ends.
    int retry_after_seconds() const { return retry_after_seconds_; }

   private:
    friend class LoginThrottle;
    bool allowed_ = false;
    int retry_after_seconds_ = 0;
    std::vector<std::string> keys_;  // the account's, then the IP's
    core::Millis at_ = 0;
    // Set when this attempt locked the IP, to undo that if it succeeds.
    bool locked_ip_ = false;
    int ip_lockouts_before_ = 0;
    core::Millis ip_locked_until_before_ = 0;
    core::Millis ip_locked_until_set_ = 0;
  };

  explicit LoginThrottle(const core::Clock& clock, LoginThrottleOptions options = {},
                         std::shared_ptr<LoginFailureStore> store = nullptr);
  ~LoginThrottle();
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // Call before checking a password. When allowed(), the attempt already
  // counts as a failure for `account` (the normalised e-mail, whether or not
  // such an account exists) and for `ip`; call succeeded() if the password is
  // right. When refused, answer 429 with Retry-After and check nothing.
  Attempt begin_attempt(std::string_view account, std::string_view ip);

  // The attempt was a successful sign-in: the account starts afresh and the
  // IP's count loses this attempt. Does nothing for a refused attempt.
  void succeeded(const Attempt& attempt);

  // Keys (accounts and IPs) currently remembered.
  std::size_t size() const { return store_->size(); }

 private:
  const core::Clock& clock_;
  LoginThrottleOptions options_;
  std::shared_ptr<LoginFailureStore> store_;
};

}  // namespace escalated::security
