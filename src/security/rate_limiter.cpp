#include "security/rate_limiter.h"

#include <algorithm>
#include <deque>
#include <list>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace escalated::security {
namespace {

// At most this many idle entries are dropped per call, so no single request
// pays for a long sweep; calls outnumber new keys, so idle ones never pile up.
constexpr int kStaleEvictionsPerCall = 4;

// floor(a / b) for b > 0.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

int seconds_rounded_up(core::Millis ms) {
  return static_cast<int>(std::max<core::Millis>(1, (ms + 999) / 1000));
}

// Values by string key in least-recently-used order, holding at most
// `capacity` of them.
template <class V>
class LruTable {
 public:
  explicit LruTable(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

  V* find(std::string_view key) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->second;
  }

  // The value for `key`, made most recently used; created empty if absent,
  // first forgetting the least recently used key when full.
  V& touch(std::string_view key) {
    auto it = index_.find(key);
    if (it != index_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      return it->second->second;
    }
    if (order_.size() >= capacity_) pop_oldest();
    order_.emplace_front(std::string(key), V{});
    index_.emplace(order_.front().first, order_.begin());
    return order_.front().second;
  }

  void erase(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    auto node = it->second;
    index_.erase(it);
    order_.erase(node);
  }

  // Drops least recently used entries while `stale(value)`, at most `limit`.
  template <class Stale>
  void evict_stale(Stale stale, int limit) {
    for (int i = 0; i < limit && !order_.empty() && stale(order_.back().second); ++i) pop_oldest();
  }

  std::size_t size() const { return order_.size(); }

 private:
  void pop_oldest() {
    index_.erase(order_.back().first);
    order_.pop_back();
  }

  std::size_t capacity_;
  // Front is the most recently used. The index keys view the strings held in
  // the list, whose nodes never move.
  std::list<std::pair<std::string, V>> order_;
  std::unordered_map<std::string_view, typename std::list<std::pair<std::string, V>>::iterator>
      index_;
};

struct Window {
  core::Millis length = 0;
  std::int64_t index = 0;  // which fixed window `current` counts
  std::int64_t previous = 0;
  std::int64_t current = 0;
};

}  // namespace

// ---------------------------------------------------------------------------
// RateLimiter

struct RateLimiter::State {
  explicit State(std::size_t max_keys) : windows(max_keys) {}
  LruTable<Window> windows;
};

RateLimiter::RateLimiter(const core::Clock& clock, std::size_t max_keys)
    : clock_(clock), state_(std::make_unique<State>(max_keys)) {}

RateLimiter::~RateLimiter() = default;

RateDecision RateLimiter::check_and_count(std::string_view key, int limit, core::Millis window) {
  if (window <= 0) throw std::invalid_argument("a rate limit window must be positive");
  limit = std::max(limit, 0);
  const core::Millis now = clock_.now();
  std::lock_guard lock(mutex_);

  state_->windows.evict_stale(
      [now](const Window& w) { return floor_div(now, w.length) - w.index >= 2; },
      kStaleEvictionsPerCall);
  Window& w = state_->windows.touch(key);
  const std::int64_t index = floor_div(now, window);
  if (w.length != window) w = Window{window, index, 0, 0};
  if (index > w.index) {
    w.previous = index == w.index + 1 ? w.current : 0;
    w.current = 0;
    w.index = index;
  }
  // Should the clock step back, it is taken to stand at the start of the
  // window already counted.
  const core::Millis elapsed = std::clamp<core::Millis>(now - w.index * window, 0, window - 1);

  // Everything is multiplied by the window length to stay in exact integers.
  const std::int64_t used = w.previous * (window - elapsed) + w.current * window;
  const std::int64_t capacity = static_cast<std::int64_t>(limit) * window;
  RateDecision decision;
  decision.limit = limit;
  if (used + window <= capacity) {
    ++w.current;
    decision.allowed = true;
    decision.remaining = static_cast<int>((capacity - used - window) / window);
    return decision;
  }

  // How long until used + window <= capacity, with no requests meanwhile.
  core::Millis wait;
  if (limit == 0) {
    wait = window;
  } else if (w.current + 1 <= limit) {
    // Within this window, as the previous window's weight fades.
    const std::int64_t budget = (limit - 1 - w.current) * window;
    wait = window - elapsed - budget / w.previous;
  } else {
    // In the next window, where this one's count becomes the fading one.
    wait =
        (window - elapsed) + (window - (static_cast<std::int64_t>(limit) - 1) * window / w.current);
  }
  decision.retry_after_seconds = seconds_rounded_up(wait);
  return decision;
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return state_->windows.size();
}

// ---------------------------------------------------------------------------
// MemoryLoginFailures

struct MemoryLoginFailures::State {
  explicit State(std::size_t max_keys) : keys(max_keys) {}
  LruTable<LoginFailures> keys;
};

MemoryLoginFailures::MemoryLoginFailures(const core::Clock& clock, core::Millis window,
                                         std::size_t max_keys)
    : clock_(clock), window_(window), state_(std::make_unique<State>(max_keys)) {}

MemoryLoginFailures::~MemoryLoginFailures() = default;

void MemoryLoginFailures::update(const std::vector<std::string>& keys, const Change& change) {
  const core::Millis now = clock_.now();
  std::lock_guard lock(mutex_);
  state_->keys.evict_stale(
      [&](const LoginFailures& f) {
        return now >= std::max(f.last_failure, f.locked_until) + window_;
      },
      kStaleEvictionsPerCall);
  std::vector<LoginFailures> records;
  for (const std::string& key : keys) {
    const LoginFailures* kept = state_->keys.find(key);
    records.push_back(kept ? *kept : LoginFailures{});
  }
  change(records);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (records[i].empty())
      state_->keys.erase(keys[i]);
    else
      state_->keys.touch(keys[i]) = std::move(records[i]);
  }
}

std::size_t MemoryLoginFailures::size() const {
  std::lock_guard lock(mutex_);
  return state_->keys.size();
}

// ---------------------------------------------------------------------------
// LoginThrottle

LoginThrottle::LoginThrottle(const core::Clock& clock, LoginThrottleOptions options,
                             std::shared_ptr<LoginFailureStore> store)
    : clock_(clock),
      options_(options),
      store_(store
                 ? std::move(store)
                 : std::make_shared<MemoryLoginFailures>(clock, options.window, options.max_keys)) {
}

LoginThrottle::~LoginThrottle() = default;

LoginThrottle::Attempt LoginThrottle::begin_attempt(std::string_view account, std::string_view ip) {
  const core::Millis now = clock_.now();
  Attempt attempt;
  attempt.keys_ = {"account:" + std::string(account), "ip:" + std::string(ip)};
  attempt.at_ = now;

  store_->update(attempt.keys_, [&](std::vector<LoginFailures>& records) {
    core::Millis locked_until = 0;
    for (LoginFailures& f : records) {
      // Quiet for a whole window since the last failure and the last lock:
      // forgotten, lock history and all.
      if (now >= std::max(f.last_failure, f.locked_until) + options_.window) f = {};
      locked_until = std::max(locked_until, f.locked_until);
    }
    if (now < locked_until) {
      attempt.retry_after_seconds_ = seconds_rounded_up(locked_until - now);
      return;
    }
    attempt.allowed_ = true;
    auto count_failure = [&](LoginFailures& f, int max_failures, bool is_ip) {
      std::erase_if(f.recent, [&](core::Millis at) { return now - at >= options_.window; });
      f.recent.push_back(now);
      std::size_t keep = static_cast<std::size_t>(std::max(max_failures, 1));
      if (f.recent.size() > keep)
        f.recent.erase(f.recent.begin(), f.recent.end() - static_cast<std::ptrdiff_t>(keep));
      f.last_failure = now;
      if (static_cast<int>(f.recent.size()) < max_failures && f.lockouts == 0) return;
      if (is_ip) {
        attempt.locked_ip_ = true;
        attempt.ip_lockouts_before_ = f.lockouts;
        attempt.ip_locked_until_before_ = f.locked_until;
      }
      ++f.lockouts;
      core::Millis duration = options_.first_lock;
      for (int i = 1; i < f.lockouts && duration < options_.max_lock; ++i) duration *= 2;
      f.locked_until = now + std::min(duration, options_.max_lock);
      if (is_ip) attempt.ip_locked_until_set_ = f.locked_until;
    };
    count_failure(records[0], options_.max_failures_per_account, false);
    count_failure(records[1], options_.max_failures_per_ip, true);
  });
  return attempt;
}

void LoginThrottle::succeeded(const Attempt& attempt) {
  if (!attempt.allowed_) return;
  store_->update(attempt.keys_, [&](std::vector<LoginFailures>& records) {
    records[0] = {};  // the account starts afresh
    LoginFailures& f = records[1];
    auto it = std::find(f.recent.rbegin(), f.recent.rend(), attempt.at_);
    if (it != f.recent.rend()) f.recent.erase(std::next(it).base());
    // Undo the lock this attempt set, unless a later failure has replaced it.
    if (attempt.locked_ip_ && f.locked_until == attempt.ip_locked_until_set_) {
      f.lockouts = attempt.ip_lockouts_before_;
      f.locked_until = attempt.ip_locked_until_before_;
    }
  });
}

}  // namespace escalated::security
