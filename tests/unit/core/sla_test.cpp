#include "core/sla.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/time_format.h"

namespace escalated::core {
namespace {

constexpr std::int64_t kMinute = 60'000;

Millis T(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(0);
}

BusinessCalendar nine_to_five() {
  BusinessCalendarSpec spec;
  spec.timezone = "UTC";
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"})
    spec.schedule[day] = {{"09:00", "17:00"}};
  return BusinessCalendar::parse_or_throw(spec);
}

SlaTargets targets() {
  SlaTargets t;
  t.first_response_minutes = {{Priority::kHigh, 240}, {Priority::kLow, 1440}};
  t.resolution_minutes = {{Priority::kHigh, 960}};
  return t;
}

using Pauses = std::vector<PausedPeriod>;

TEST(SlaDueTimes, AlwaysOpenIsCreationPlusMinutes) {
  const auto& cal = BusinessCalendar::always_open();
  Millis created = T("2026-01-05T10:00:00Z");
  auto high = compute_sla_due_times(targets(), Priority::kHigh, cal, created, {});
  EXPECT_EQ(high.first_response_due_at, T("2026-01-05T14:00:00Z"));
  EXPECT_EQ(high.resolution_due_at, T("2026-01-06T02:00:00Z"));
  // Absent priority targets: no due time.
  auto low = compute_sla_due_times(targets(), Priority::kLow, cal, created, {});
  EXPECT_EQ(low.first_response_due_at, T("2026-01-06T10:00:00Z"));
  EXPECT_EQ(low.resolution_due_at, std::nullopt);
  auto medium = compute_sla_due_times(targets(), Priority::kMedium, cal, created, {});
  EXPECT_EQ(medium.first_response_due_at, std::nullopt);
  EXPECT_EQ(medium.resolution_due_at, std::nullopt);
}

TEST(SlaDueTimes, BusinessHoursSkipNightsAndWeekends) {
  auto cal = nine_to_five();
  // Monday 15:00: 240 minutes = 120 on Monday + 120 on Tuesday; 960 = 120 +
  // 480 (Tuesday) + 360 (Wednesday).
  auto due = compute_sla_due_times(targets(), Priority::kHigh, cal, T("2026-01-05T15:00:00Z"), {});
  EXPECT_EQ(due.first_response_due_at, T("2026-01-06T11:00:00Z"));
  EXPECT_EQ(due.resolution_due_at, T("2026-01-07T15:00:00Z"));
  // Friday 16:00: 60 on Friday, 180 on Monday.
  due = compute_sla_due_times(targets(), Priority::kHigh, cal, T("2026-01-09T16:00:00Z"), {});
  EXPECT_EQ(due.first_response_due_at, T("2026-01-12T12:00:00Z"));
  // A priority change recomputes from creation: low has 1440 minutes, three
  // working days, used up Thursday at 15:00.
  due = compute_sla_due_times(targets(), Priority::kLow, cal, T("2026-01-05T15:00:00Z"), {});
  EXPECT_EQ(due.first_response_due_at, T("2026-01-08T15:00:00Z"));
}

TEST(SlaDueTimes, TargetUsedUpAtClosingIsDueAtClosing) {
  auto cal = nine_to_five();
  EXPECT_EQ(sla_due_at(cal, T("2026-01-05T13:00:00Z"), 240, {}), T("2026-01-05T17:00:00Z"));
}

TEST(SlaDueTimes, ZeroMinuteTargetIsDueAtCreation) {
  auto cal = nine_to_five();
  EXPECT_EQ(sla_due_at(cal, T("2026-01-10T12:00:00Z"), 0, {}), T("2026-01-10T12:00:00Z"));
}

TEST(SlaPauses, PauseInBusinessHoursMovesTheDueTimeByThePausedBusinessTime) {
  auto cal = nine_to_five();
  Millis created = T("2026-01-05T15:00:00Z");
  Millis before = *sla_due_at(cal, created, 240, {});
  Pauses pauses = {{T("2026-01-06T09:30:00Z"), T("2026-01-06T10:15:00Z")}};
  auto due = compute_sla_due_times(targets(), Priority::kHigh, cal, created, pauses);
  EXPECT_EQ(due.first_response_due_at, T("2026-01-06T11:45:00Z"));
  EXPECT_EQ(due.resolution_due_at, T("2026-01-07T15:45:00Z"));
  EXPECT_EQ(cal.business_minutes_between(before, *due.first_response_due_at), 45);
  EXPECT_EQ(*due.first_response_due_at, cal.add_business_minutes(before, 45));
}

TEST(SlaPauses, PauseOutsideBusinessHoursMovesNothing) {
  auto cal = nine_to_five();
  Millis created = T("2026-01-05T15:00:00Z");
  Pauses night = {{T("2026-01-05T18:00:00Z"), T("2026-01-06T08:00:00Z")}};
  EXPECT_EQ(sla_due_at(cal, created, 240, night), T("2026-01-06T11:00:00Z"));
  // Across the closing: only 16:30-17:00 and 09:00-09:30 count.
  Pauses across = {{T("2026-01-05T16:30:00Z"), T("2026-01-06T09:30:00Z")}};
  EXPECT_EQ(sla_due_at(cal, created, 240, across), T("2026-01-06T12:00:00Z"));
}

TEST(SlaPauses, OpenEndedPauseLeavesTheDueTimeUnknownUntilResumed) {
  auto cal = nine_to_five();
  Millis created = T("2026-01-05T15:00:00Z");
  Pauses paused_now = {{T("2026-01-06T09:30:00Z"), std::nullopt}};
  auto due = compute_sla_due_times(targets(), Priority::kHigh, cal, created, paused_now);
  EXPECT_EQ(due.first_response_due_at, std::nullopt);
  EXPECT_EQ(due.resolution_due_at, std::nullopt);
  // Resuming closes the period; the due times then move by its business time.
  Pauses resumed = {{T("2026-01-06T09:30:00Z"), T("2026-01-06T10:15:00Z")}};
  EXPECT_EQ(sla_due_at(cal, created, 240, resumed), T("2026-01-06T11:45:00Z"));
  // A target already used up when the pause began keeps its (passed) due time.
  Pauses later = {{T("2026-01-06T12:00:00Z"), std::nullopt}};
  due = compute_sla_due_times(targets(), Priority::kHigh, cal, created, later);
  EXPECT_EQ(due.first_response_due_at, T("2026-01-06T11:00:00Z"));
  EXPECT_EQ(due.resolution_due_at, std::nullopt);
  Pauses at_due = {{T("2026-01-06T11:00:00Z"), std::nullopt}};
  EXPECT_EQ(sla_due_at(cal, created, 240, at_due), T("2026-01-06T11:00:00Z"));
}

TEST(SlaPauses, ResolvedPeriodsStopOnlyTheResolutionClock) {
  auto cal = nine_to_five();
  Millis created = T("2026-01-05T15:00:00Z");
  Pauses resolved = {{T("2026-01-06T09:00:00Z"), T("2026-01-06T17:00:00Z")}};
  auto due = compute_sla_due_times(targets(), Priority::kHigh, cal, created, {}, resolved);
  EXPECT_EQ(due.first_response_due_at, T("2026-01-06T11:00:00Z"));
  EXPECT_EQ(due.resolution_due_at, T("2026-01-08T15:00:00Z"));
}

TEST(SlaPauses, OverlappingPausesCountOnce) {
  auto cal = nine_to_five();
  Millis created = T("2026-01-05T15:00:00Z");
  Pauses paused = {{T("2026-01-06T09:30:00Z"), T("2026-01-06T10:15:00Z")}};
  Pauses resolved = {{T("2026-01-06T10:00:00Z"), T("2026-01-06T10:30:00Z")}};
  auto due = compute_sla_due_times(targets(), Priority::kHigh, cal, created, paused, resolved);
  EXPECT_EQ(due.first_response_due_at, T("2026-01-06T11:45:00Z"));
  EXPECT_EQ(due.resolution_due_at, T("2026-01-07T16:00:00Z"));
  // Same in one list, out of order and with a duplicate.
  Pauses messy = {{T("2026-01-06T10:00:00Z"), T("2026-01-06T10:30:00Z")},
                  {T("2026-01-06T09:30:00Z"), T("2026-01-06T10:15:00Z")},
                  {T("2026-01-06T10:00:00Z"), T("2026-01-06T10:30:00Z")}};
  EXPECT_EQ(sla_due_at(cal, created, 960, messy), T("2026-01-07T16:00:00Z"));
}

TEST(SlaPauses, PausesBeforeTheStartCountOnlyFromTheStart) {
  auto cal = nine_to_five();
  Pauses pauses = {{T("2026-01-05T14:00:00Z"), T("2026-01-05T15:30:00Z")}};
  EXPECT_EQ(sla_due_at(cal, T("2026-01-05T15:00:00Z"), 240, pauses), T("2026-01-06T11:30:00Z"));
}

TEST(SlaPauses, AlwaysOpenPausesMoveByWallTime) {
  const auto& cal = BusinessCalendar::always_open();
  Pauses pauses = {{T("2026-01-05T11:00:00Z"), T("2026-01-05T12:00:00Z")}};
  EXPECT_EQ(sla_due_at(cal, T("2026-01-05T10:00:00Z"), 240, pauses), T("2026-01-05T15:00:00Z"));
}

TEST(SlaElapsed, CountsBusinessTimeLeavingOutPauses) {
  auto cal = nine_to_five();
  Millis created = T("2026-01-05T15:00:00Z");
  Pauses pauses = {{T("2026-01-06T09:30:00Z"), T("2026-01-06T10:15:00Z")}};
  Millis now = T("2026-01-06T11:00:00Z");
  // Monday 120 + Tuesday 09:00-11:00 (120) - the 45-minute pause.
  std::int64_t elapsed = sla_elapsed_business_millis(cal, created, pauses, now);
  EXPECT_EQ(elapsed, 195 * kMinute);
  Millis due = *sla_due_at(cal, created, 240, pauses);
  EXPECT_EQ(240 * kMinute - elapsed, remaining_business_millis(cal, due, now));
  // While paused the elapsed time stands still.
  Pauses paused_now = {{T("2026-01-06T09:30:00Z"), std::nullopt}};
  EXPECT_EQ(sla_elapsed_business_millis(cal, created, paused_now, T("2026-01-06T16:00:00Z")),
            150 * kMinute);
  EXPECT_EQ(sla_elapsed_business_millis(cal, created, {}, T("2026-01-05T14:00:00Z")), 0);
}

TEST(SlaWarning, RemainingBusinessTimeDecidesTheWarning) {
  auto cal = nine_to_five();
  Millis due = T("2026-01-06T11:00:00Z");
  EXPECT_EQ(remaining_business_millis(cal, due, T("2026-01-05T16:00:00Z")), 180 * kMinute);
  EXPECT_EQ(remaining_business_millis(cal, due, T("2026-01-06T12:00:00Z")), 0);
  EXPECT_EQ(warning_at(cal, due, 30), T("2026-01-06T10:30:00Z"));
  EXPECT_FALSE(warning_due(cal, T("2026-01-06T10:29:59.999Z"), due, 30));
  EXPECT_TRUE(warning_due(cal, T("2026-01-06T10:30:00Z"), due, 30));
  // Breached targets are past their warning too.
  EXPECT_TRUE(warning_due(cal, T("2026-01-06T12:00:00Z"), due, 30));
}

TEST(SlaWarning, WarningAcrossTheNightFiresAtTheClosingBefore) {
  auto cal = nine_to_five();
  // Due Tuesday 09:20: 20 minutes on Tuesday and 10 on Monday.
  EXPECT_EQ(warning_at(cal, T("2026-01-06T09:20:00Z"), 30), T("2026-01-05T16:50:00Z"));
  // Due Tuesday 09:30: exactly 30 minutes are left from Monday 17:00 on.
  Millis due = T("2026-01-06T09:30:00Z");
  EXPECT_EQ(warning_at(cal, due, 30), T("2026-01-05T17:00:00Z"));
  EXPECT_FALSE(warning_due(cal, T("2026-01-05T16:59:59.999Z"), due, 30));
  EXPECT_TRUE(warning_due(cal, T("2026-01-05T17:00:00Z"), due, 30));
  EXPECT_TRUE(warning_due(cal, T("2026-01-06T08:00:00Z"), due, 30));
  // Always open: plain subtraction.
  EXPECT_EQ(warning_at(BusinessCalendar::always_open(), due, 30), T("2026-01-06T09:00:00Z"));
}

TEST(SlaBreach, BreachedOnceTheDueInstantHasPassed) {
  Millis due = T("2026-01-06T11:00:00Z");
  EXPECT_FALSE(breached(due - 1, due));
  EXPECT_FALSE(breached(due, due));
  EXPECT_TRUE(breached(due + 1, due));
  EXPECT_EQ(breach_at(due), due + 1);
  EXPECT_TRUE(breached(breach_at(due), due));
}

}  // namespace
}  // namespace escalated::core
