#include "security/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace escalated::security {
namespace {

constexpr core::Millis kSecond = 1000;
constexpr core::Millis kMinute = 60 * kSecond;
// A window boundary for one-minute windows: windows are aligned to the epoch.
constexpr core::Millis kT0 = 28'333'334 * kMinute;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiterTest() { clock_.set(kT0); }
  core::ManualClock clock_;
};

TEST_F(RateLimiterTest, AllowsUpToTheLimitThenRefuses) {
  RateLimiter limiter(clock_);
  for (int remaining : {2, 1, 0}) {
    RateDecision d = limiter.check_and_count("ip:1.2.3.4", 3, kMinute);
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, remaining);
    EXPECT_EQ(d.retry_after_seconds, 0);
  }
  RateDecision refused = limiter.check_and_count("ip:1.2.3.4", 3, kMinute);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 3);
  EXPECT_EQ(refused.remaining, 0);
  // All three count fully until the next window starts, then fade: a fourth
  // fits once 3 * (1 - 20/60) + 1 <= 3, at 1 min 20 s.
  EXPECT_EQ(refused.retry_after_seconds, 80);

  clock_.set(kT0 + 80 * kSecond - 1);
  RateDecision almost = limiter.check_and_count("ip:1.2.3.4", 3, kMinute);
  EXPECT_FALSE(almost.allowed);
  EXPECT_EQ(almost.retry_after_seconds, 1);  // 1 ms, rounded up
  clock_.set(kT0 + 80 * kSecond);
  EXPECT_TRUE(limiter.check_and_count("ip:1.2.3.4", 3, kMinute).allowed);
}

TEST_F(RateLimiterTest, ThePreviousWindowFadesOutLinearly) {
  RateLimiter limiter(clock_);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.check_and_count("k", 3, kMinute).allowed);

  // At the first instant of the next window the previous three weigh fully.
  clock_.set(kT0 + kMinute);
  RateDecision d = limiter.check_and_count("k", 3, kMinute);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 20);  // 3 * 40/60 + 1 <= 3

  clock_.set(kT0 + kMinute + 20 * kSecond - 1);
  EXPECT_FALSE(limiter.check_and_count("k", 3, kMinute).allowed);
  clock_.set(kT0 + kMinute + 20 * kSecond);
  d = limiter.check_and_count("k", 3, kMinute);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);

  // 3 * 20/60 + 1 + 1 = 3 at 40 s.
  clock_.set(kT0 + kMinute + 40 * kSecond - 1);
  EXPECT_FALSE(limiter.check_and_count("k", 3, kMinute).allowed);
  clock_.set(kT0 + kMinute + 40 * kSecond);
  EXPECT_TRUE(limiter.check_and_count("k", 3, kMinute).allowed);

  // Next window: the two of the last one weigh fully, one more fits.
  clock_.set(kT0 + 2 * kMinute);
  d = limiter.check_and_count("k", 3, kMinute);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_FALSE(limiter.check_and_count("k", 3, kMinute).allowed);
}

TEST_F(RateLimiterTest, AWholeIdleWindowForgetsEverything) {
  RateLimiter limiter(clock_);
  for (int i = 0; i < 5; ++i) limiter.check_and_count("k", 5, kMinute);
  ASSERT_FALSE(limiter.check_and_count("k", 5, kMinute).allowed);
  clock_.set(kT0 + 2 * kMinute);
  RateDecision d = limiter.check_and_count("k", 5, kMinute);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 4);
}

TEST_F(RateLimiterTest, RemainingCountsTheFadingWindow) {
  RateLimiter limiter(clock_);
  for (int i = 0; i < 6; ++i) limiter.check_and_count("k", 10, kMinute);
  clock_.set(kT0 + kMinute + 30 * kSecond);  // 6 * 1/2 = 3 still weigh
  RateDecision d = limiter.check_and_count("k", 10, kMinute);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 6);
}

TEST_F(RateLimiterTest, KeysAreIndependent) {
  RateLimiter limiter(clock_);
  EXPECT_TRUE(limiter.check_and_count("user:5", 1, kMinute).allowed);
  EXPECT_FALSE(limiter.check_and_count("user:5", 1, kMinute).allowed);
  EXPECT_TRUE(limiter.check_and_count("user:6", 1, kMinute).allowed);
  EXPECT_TRUE(limiter.check_and_count("token:5", 1, kMinute).allowed);
  EXPECT_EQ(limiter.size(), 3u);
}

TEST_F(RateLimiterTest, RefusedRequestsAreNotCounted) {
  RateLimiter limiter(clock_);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.check_and_count("k", 10, kMinute).allowed);
  for (int i = 0; i < 100; ++i) ASSERT_FALSE(limiter.check_and_count("k", 10, kMinute).allowed);
  // Half-way through the next window the ten weigh five (110 would weigh 55).
  clock_.set(kT0 + kMinute + 30 * kSecond);
  RateDecision d = limiter.check_and_count("k", 10, kMinute);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 4);
}

TEST_F(RateLimiterTest, ZeroLimitRefusesEverything) {
  RateLimiter limiter(clock_);
  RateDecision d = limiter.check_and_count("k", 0, 10 * kSecond);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 10);
  EXPECT_FALSE(limiter.check_and_count("k", -1, 10 * kSecond).allowed);
}

TEST_F(RateLimiterTest, ANewWindowLengthStartsAfresh) {
  RateLimiter limiter(clock_);
  ASSERT_TRUE(limiter.check_and_count("k", 1, kMinute).allowed);
  ASSERT_FALSE(limiter.check_and_count("k", 1, kMinute).allowed);
  EXPECT_TRUE(limiter.check_and_count("k", 1, kSecond).allowed);
}

TEST_F(RateLimiterTest, RejectsANonPositiveWindow) {
  RateLimiter limiter(clock_);
  EXPECT_THROW(limiter.check_and_count("k", 1, 0), std::invalid_argument);
  EXPECT_THROW(limiter.check_and_count("k", 1, -5), std::invalid_argument);
}

TEST_F(RateLimiterTest, SurvivesTheClockSteppingBack) {
  RateLimiter limiter(clock_);
  ASSERT_TRUE(limiter.check_and_count("k", 2, kMinute).allowed);
  clock_.set(kT0 - 5 * kMinute);
  EXPECT_TRUE(limiter.check_and_count("k", 2, kMinute).allowed);
  RateDecision d = limiter.check_and_count("k", 2, kMinute);
  EXPECT_FALSE(d.allowed);
  EXPECT_GE(d.retry_after_seconds, 1);
}

TEST_F(RateLimiterTest, ForgetsTheLeastRecentlyUsedKeyWhenFull) {
  RateLimiter limiter(clock_, 3);
  for (const char* key : {"a", "b", "c"})
    ASSERT_TRUE(limiter.check_and_count(key, 1, kMinute).allowed);
  EXPECT_FALSE(limiter.check_and_count("a", 1, kMinute).allowed);  // a is now the most recent
  EXPECT_TRUE(limiter.check_and_count("d", 1, kMinute).allowed);   // pushes out b
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_FALSE(limiter.check_and_count("a", 1, kMinute).allowed);
  EXPECT_FALSE(limiter.check_and_count("c", 1, kMinute).allowed);
  EXPECT_TRUE(limiter.check_and_count("b", 1, kMinute).allowed);  // forgotten, so fresh
}

TEST_F(RateLimiterTest, DropsIdleKeysAsItGoes) {
  RateLimiter limiter(clock_);
  for (int i = 0; i < 10; ++i) limiter.check_and_count("k" + std::to_string(i), 1, kMinute);
  ASSERT_EQ(limiter.size(), 10u);
  clock_.set(kT0 + 2 * kMinute - 1);  // still inside the next window: kept
  limiter.check_and_count("new0", 1, kMinute);
  EXPECT_EQ(limiter.size(), 11u);
  clock_.set(kT0 + 2 * kMinute);  // two windows on: idle keys go, a few per call
  for (int i = 1; i < 5; ++i) limiter.check_and_count("new" + std::to_string(i), 1, kMinute);
  EXPECT_EQ(limiter.size(), 5u);
}

TEST_F(RateLimiterTest, CountsExactlyUnderConcurrency) {
  RateLimiter limiter(clock_);
  std::atomic<int> allowed{0};
  std::atomic<int> allowed_own{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (limiter.check_and_count("shared", 5000, kMinute).allowed) ++allowed;
        if (limiter.check_and_count("own:" + std::to_string(t), 100, kMinute).allowed)
          ++allowed_own;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 5000);
  EXPECT_EQ(allowed_own.load(), 8 * 100);
  EXPECT_EQ(limiter.size(), 9u);
}

// ---------------------------------------------------------------------------
// LoginThrottle

class LoginThrottleTest : public ::testing::Test {
 protected:
  LoginThrottleTest() { clock_.set(kT0); }

  // A failed sign-in from its own IP address, so only the account counts.
  LoginThrottle::Attempt fail_from_anywhere(LoginThrottle& throttle, const std::string& account) {
    return throttle.begin_attempt(account, "10.0.0." + std::to_string(next_ip_++));
  }

  core::ManualClock clock_;
  int next_ip_ = 0;
};

TEST_F(LoginThrottleTest, TenFailuresLockTheAccountForAMinute) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(fail_from_anywhere(throttle, "ana@example.com").allowed()) << i;
  }
  LoginThrottle::Attempt refused = fail_from_anywhere(throttle, "ana@example.com");
  EXPECT_FALSE(refused.allowed());
  EXPECT_EQ(refused.retry_after_seconds(), 60);
  EXPECT_TRUE(fail_from_anywhere(throttle, "bob@example.com").allowed());

  clock_.set(kT0 + kMinute - 1);
  refused = fail_from_anywhere(throttle, "ana@example.com");
  EXPECT_FALSE(refused.allowed());
  EXPECT_EQ(refused.retry_after_seconds(), 1);
  clock_.set(kT0 + kMinute);
  EXPECT_TRUE(fail_from_anywhere(throttle, "ana@example.com").allowed());
}

TEST_F(LoginThrottleTest, NineFailuresDoNotLockAndFailuresAgeOut) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(fail_from_anywhere(throttle, "ana").allowed());
  // Fifteen minutes after the first nine, they no longer count.
  clock_.set(kT0 + 15 * kMinute);
  ASSERT_TRUE(fail_from_anywhere(throttle, "ana").allowed());
  EXPECT_TRUE(fail_from_anywhere(throttle, "ana").allowed());

  // One millisecond earlier, the tenth within the window locks.
  LoginThrottle other(clock_);
  clock_.set(kT0);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(fail_from_anywhere(other, "ana").allowed());
  clock_.set(kT0 + 15 * kMinute - 1);
  ASSERT_TRUE(fail_from_anywhere(other, "ana").allowed());
  EXPECT_FALSE(fail_from_anywhere(other, "ana").allowed());
}

TEST_F(LoginThrottleTest, EachFurtherFailureDoublesTheLockUpToFifteenMinutes) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 10; ++i) fail_from_anywhere(throttle, "ana");
  core::Millis now = kT0;
  for (int expected : {60, 120, 240, 480, 900, 900, 900}) {
    LoginThrottle::Attempt refused = fail_from_anywhere(throttle, "ana");
    ASSERT_FALSE(refused.allowed());
    EXPECT_EQ(refused.retry_after_seconds(), expected);
    now += expected * kSecond;
    clock_.set(now);
    ASSERT_TRUE(fail_from_anywhere(throttle, "ana").allowed());  // and fails again
  }
}

TEST_F(LoginThrottleTest, AStrangerCannotLockAnAccountForLongerThanFifteenMinutes) {
  LoginThrottle throttle(clock_);
  for (int round = 0; round < 40; ++round) {
    // The attacker tries as fast as it can, from everywhere.
    LoginThrottle::Attempt a = fail_from_anywhere(throttle, "ana");
    while (a.allowed()) a = fail_from_anywhere(throttle, "ana");
    ASSERT_LE(a.retry_after_seconds(), 15 * 60);
    const core::Millis lock_ends = clock_.now() + a.retry_after_seconds() * kSecond;
    // Hammering during the lock does not extend it.
    for (int i = 0; i < 100; ++i) {
      clock_.advance(a.retry_after_seconds() * kSecond / 101);
      LoginThrottle::Attempt during = fail_from_anywhere(throttle, "ana");
      ASSERT_FALSE(during.allowed());
      ASSERT_LE(clock_.now() + during.retry_after_seconds() * kSecond, lock_ends + kSecond);
    }
    // When it ends, the owner can sign in.
    clock_.set(lock_ends);
    if (round == 39) {
      LoginThrottle::Attempt owner = throttle.begin_attempt("ana", "192.168.1.1");
      ASSERT_TRUE(owner.allowed());
      throttle.succeeded(owner);
      for (int i = 0; i < 9; ++i) EXPECT_TRUE(fail_from_anywhere(throttle, "ana").allowed());
    }
  }
}

TEST_F(LoginThrottleTest, ASuccessStartsTheAccountAfresh) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 9; ++i) fail_from_anywhere(throttle, "ana");
  LoginThrottle::Attempt ok = throttle.begin_attempt("ana", "192.168.1.1");
  ASSERT_TRUE(ok.allowed());
  throttle.succeeded(ok);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(fail_from_anywhere(throttle, "ana").allowed()) << i;
  EXPECT_FALSE(fail_from_anywhere(throttle, "ana").allowed());

  // During the escalation too: after a lock, a success ends it.
  clock_.advance(kMinute);
  LoginThrottle::Attempt again = throttle.begin_attempt("ana", "192.168.1.1");
  ASSERT_TRUE(again.allowed());
  throttle.succeeded(again);
  EXPECT_TRUE(fail_from_anywhere(throttle, "ana").allowed());
  EXPECT_TRUE(fail_from_anywhere(throttle, "ana").allowed());
}

TEST_F(LoginThrottleTest, TheTenthAttemptSucceedingLocksNothing) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 9; ++i) {
    throttle.begin_attempt("user" + std::to_string(i), "203.0.113.7");
  }
  LoginThrottle::Attempt tenth = throttle.begin_attempt("ana", "203.0.113.7");
  ASSERT_TRUE(tenth.allowed());
  // While it is being checked, the IP is locked ...
  EXPECT_FALSE(throttle.begin_attempt("bob", "203.0.113.7").allowed());
  // ... and once it turns out right, the lock it set is undone.
  throttle.succeeded(tenth);
  EXPECT_TRUE(throttle.begin_attempt("bob", "203.0.113.7").allowed());
  // That was the IP's tenth failure: now it is locked.
  EXPECT_FALSE(throttle.begin_attempt("carol", "203.0.113.7").allowed());
}

TEST_F(LoginThrottleTest, AnIpGuessingAtManyAccountsIsLocked) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(throttle.begin_attempt("user" + std::to_string(i), "203.0.113.7").allowed());
  }
  LoginThrottle::Attempt refused = throttle.begin_attempt("user99", "203.0.113.7");
  EXPECT_FALSE(refused.allowed());
  EXPECT_EQ(refused.retry_after_seconds(), 60);
  // The accounts themselves are not locked.
  EXPECT_TRUE(throttle.begin_attempt("user0", "198.51.100.1").allowed());
}

TEST_F(LoginThrottleTest, ASuccessDoesNotResetTheIp) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 8; ++i) throttle.begin_attempt("victim" + std::to_string(i), "203.0.113.7");
  // The attacker signs in to an account of its own ...
  LoginThrottle::Attempt own = throttle.begin_attempt("attacker", "203.0.113.7");
  ASSERT_TRUE(own.allowed());
  throttle.succeeded(own);
  // ... which neither counts nor clears the eight failures.
  EXPECT_TRUE(throttle.begin_attempt("victim8", "203.0.113.7").allowed());
  EXPECT_TRUE(throttle.begin_attempt("victim9", "203.0.113.7").allowed());
  EXPECT_FALSE(throttle.begin_attempt("victim10", "203.0.113.7").allowed());
}

TEST_F(LoginThrottleTest, RefusedAttemptsCannotBeMarkedSuccessful) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 10; ++i) fail_from_anywhere(throttle, "ana");
  LoginThrottle::Attempt refused = fail_from_anywhere(throttle, "ana");
  ASSERT_FALSE(refused.allowed());
  throttle.succeeded(refused);
  EXPECT_FALSE(fail_from_anywhere(throttle, "ana").allowed());
}

TEST_F(LoginThrottleTest, KeysAreForgottenOnceQuiet) {
  LoginThrottle throttle(clock_);
  for (int i = 0; i < 10; ++i) throttle.begin_attempt("ana", "203.0.113.7");
  EXPECT_EQ(throttle.size(), 2u);
  // Fifteen minutes after the one-minute lock ended, both are forgotten.
  clock_.set(kT0 + 16 * kMinute - 1);
  throttle.begin_attempt("bob", "198.51.100.1");
  EXPECT_EQ(throttle.size(), 4u);
  clock_.set(kT0 + 16 * kMinute);
  throttle.begin_attempt("carol", "198.51.100.2");
  EXPECT_EQ(throttle.size(), 4u);  // ana and the IP gone; carol and her IP came
  // And a forgotten account starts from zero.
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(fail_from_anywhere(throttle, "ana").allowed());
}

TEST_F(LoginThrottleTest, AParallelBurstGetsExactlyTenGuesses) {
  LoginThrottle throttle(clock_);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string ip = "10." + std::to_string(t) + ".0." + std::to_string(i);
        if (throttle.begin_attempt("ana", ip).allowed()) ++allowed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 10);
}

TEST_F(LoginThrottleTest, MemoryIsBounded) {
  LoginThrottleOptions options;
  options.max_keys = 100;
  LoginThrottle throttle(clock_, options);
  for (int i = 0; i < 1000; ++i) {
    throttle.begin_attempt("user" + std::to_string(i), "10.0." + std::to_string(i));
  }
  EXPECT_LE(throttle.size(), 100u);
}

}  // namespace
}  // namespace escalated::security
