#include "core/time_format.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace escalated::core {
namespace {

TEST(TimeFormat, FormatsWholeSecondsWithoutFraction) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1774744200000), "2026-03-29T00:30:00Z");
}

TEST(TimeFormat, FormatsMilliseconds) {
  EXPECT_EQ(format_rfc3339(1500), "1970-01-01T00:00:01.500Z");
}

TEST(TimeFormat, ParsesUtcAndOffsets) {
  EXPECT_EQ(parse_rfc3339("2026-03-29T00:30:00Z"), 1774744200000);
  EXPECT_EQ(parse_rfc3339("2026-03-29T02:30:00+02:00"), 1774744200000);
  EXPECT_EQ(parse_rfc3339("2026-03-28T19:30:00-05:00"), 1774744200000);
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:01.5Z"), 1500);
}

TEST(TimeFormat, RoundTrips) {
  for (Millis t : {Millis{0}, Millis{951782400000}, Millis{4102444799999}, Millis{1774744200123}}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t);
  }
}

TEST(TimeFormat, RejectsMalformedAndImpossibleDates) {
  for (const char* bad :
       {"", "2026-03-29", "2026-03-29T00:30:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-03-29T24:00:00Z", "2026-03-29T00:30:00Zjunk", "tomorrow", "2026-03-29T00:30:00+2"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(TimeFormat, StartOfUtcDay) {
  EXPECT_EQ(start_of_utc_day(*parse_rfc3339("2026-03-29T17:45:12Z")),
            *parse_rfc3339("2026-03-29T00:00:00Z"));
}

TEST(ManualClock, FollowsRealTimeUntilSetThenStandsStill) {
  ManualClock clock;
  Millis real = SystemClock().now();
  EXPECT_FALSE(clock.frozen());
  EXPECT_GE(clock.now(), real);
  clock.set(1000);
  EXPECT_TRUE(clock.frozen());
  EXPECT_EQ(clock.now(), 1000);
  EXPECT_EQ(clock.now(), 1000);
  clock.advance(500);
  EXPECT_EQ(clock.now(), 1500);
}

}  // namespace
}  // namespace escalated::core
