#include "core/business_calendar.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/time_format.h"

namespace escalated::core {
namespace {

constexpr std::int64_t kMinute = 60'000;

const std::vector<std::string> kWorkdays = {"monday", "tuesday", "wednesday", "thursday", "friday"};
const std::vector<std::string> kEveryDay = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};

Millis T(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(0);
}

BusinessCalendarSpec make_spec(std::string zone, const std::vector<std::string>& days,
                               std::vector<OpeningHoursSpec> hours,
                               std::vector<HolidaySpec> holidays = {}) {
  BusinessCalendarSpec spec;
  spec.timezone = std::move(zone);
  for (const auto& day : days) spec.schedule[day] = hours;
  spec.holidays = std::move(holidays);
  return spec;
}

BusinessCalendar make(const BusinessCalendarSpec& spec) {
  FieldErrors errors;
  auto cal = BusinessCalendar::parse(spec, &errors);
  EXPECT_TRUE(cal.has_value()) << (errors.empty() ? "" : errors.begin()->first);
  return cal ? *cal : BusinessCalendar::always_open();
}

BusinessCalendar nine_to_five_utc(std::vector<HolidaySpec> holidays = {}) {
  return make(make_spec("UTC", kWorkdays, {{"09:00", "17:00"}}, std::move(holidays)));
}

// Monday 2026-01-05 starts the week most cases below use.

TEST(BusinessCalendar, NineToFiveAddsWithinADay) {
  auto cal = nine_to_five_utc();
  EXPECT_FALSE(cal.is_always_open());
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T10:00:00Z"), 60), T("2026-01-05T11:00:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T09:00:00Z"), 480), T("2026-01-05T17:00:00Z"));
}

TEST(BusinessCalendar, NineToFiveCarriesOverNightsAndWeekends) {
  auto cal = nine_to_five_utc();
  // 60 minutes Monday until 17:00, the other 60 from Tuesday's opening.
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T16:00:00Z"), 120), T("2026-01-06T10:00:00Z"));
  // Friday 16:30 + 60: 30 on Friday, 30 on Monday.
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-09T16:30:00Z"), 60), T("2026-01-12T09:30:00Z"));
  // A whole working week from Monday's opening ends Friday at closing ...
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T09:00:00Z"), 5 * 480),
            T("2026-01-09T17:00:00Z"));
  // ... and one minute more runs into the next Monday.
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T09:00:00Z"), 5 * 480 + 1),
            T("2026-01-12T09:01:00Z"));
}

TEST(BusinessCalendar, NineToFiveStartsBeforeOpeningAtClosingAndOnSaturday) {
  auto cal = nine_to_five_utc();
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T07:00:00Z"), 30), T("2026-01-05T09:30:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T17:00:00Z"), 1), T("2026-01-06T09:01:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-10T12:00:00Z"), 60), T("2026-01-12T10:00:00Z"));
}

TEST(BusinessCalendar, TimeUsedUpAtClosingIsDueAtClosing) {
  auto cal = nine_to_five_utc();
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T16:00:00Z"), 60), T("2026-01-05T17:00:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-09T09:00:00Z"), 480), T("2026-01-09T17:00:00Z"));
}

TEST(BusinessCalendar, ZeroMinutesIsDueAtTheStartEvenWhenClosed) {
  auto cal = nine_to_five_utc();
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-10T12:00:00Z"), 0), T("2026-01-10T12:00:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T12:00:00Z"), 0), T("2026-01-05T12:00:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T12:00:00Z"), -5), T("2026-01-05T12:00:00Z"));
}

TEST(BusinessCalendar, NineToFiveCountsBetween) {
  auto cal = nine_to_five_utc();
  EXPECT_EQ(cal.business_minutes_between(T("2026-01-09T16:00:00Z"), T("2026-01-12T10:00:00Z")),
            120);
  EXPECT_EQ(cal.business_millis_between(T("2026-01-10T00:00:00Z"), T("2026-01-11T23:59:00Z")), 0);
  EXPECT_EQ(cal.business_millis_between(T("2026-01-06T10:00:00Z"), T("2026-01-05T10:00:00Z")), 0);
  EXPECT_EQ(cal.business_minutes_between(T("2026-01-05T00:00:00Z"), T("2026-01-12T00:00:00Z")),
            5 * 480);
  EXPECT_EQ(cal.business_millis_between(T("2026-01-05T16:59:59Z"), T("2026-01-05T17:00:01Z")),
            1000);
}

TEST(BusinessCalendar, NineToFiveOpenNextOpeningAndOpenUntil) {
  auto cal = nine_to_five_utc();
  EXPECT_TRUE(cal.is_open(T("2026-01-05T09:00:00Z")));
  EXPECT_TRUE(cal.is_open(T("2026-01-05T16:59:59.999Z")));
  EXPECT_FALSE(cal.is_open(T("2026-01-05T17:00:00Z")));
  EXPECT_FALSE(cal.is_open(T("2026-01-05T08:59:59.999Z")));
  EXPECT_FALSE(cal.is_open(T("2026-01-10T12:00:00Z")));
  EXPECT_EQ(cal.next_opening(T("2026-01-09T17:00:00Z")), T("2026-01-12T09:00:00Z"));
  EXPECT_EQ(cal.next_opening(T("2026-01-05T10:00:00Z")), T("2026-01-05T10:00:00Z"));
  EXPECT_EQ(cal.open_until(T("2026-01-05T10:00:00Z")), T("2026-01-05T17:00:00Z"));
  EXPECT_EQ(cal.open_until(T("2026-01-10T10:00:00Z")), std::nullopt);
}

TEST(BusinessCalendar, SubtractFindsTheEarliestInstantWithThatMuchLeft) {
  auto cal = nine_to_five_utc();
  EXPECT_EQ(cal.subtract_business_millis(T("2026-01-06T09:30:00Z"), 20 * kMinute),
            T("2026-01-06T09:10:00Z"));
  // Used up at Tuesday's opening: 30 minutes are left all night, from
  // Monday's closing on.
  EXPECT_EQ(cal.subtract_business_millis(T("2026-01-06T09:30:00Z"), 30 * kMinute),
            T("2026-01-05T17:00:00Z"));
  EXPECT_EQ(cal.subtract_business_millis(T("2026-01-06T09:30:00Z"), 0), T("2026-01-06T09:30:00Z"));
  EXPECT_EQ(cal.subtract_business_millis(T("2026-01-06T08:00:00Z"), 0), T("2026-01-05T17:00:00Z"));
  EXPECT_EQ(cal.subtract_business_millis(T("2026-01-12T09:00:00Z"), 60 * kMinute),
            T("2026-01-09T16:00:00Z"));
}

TEST(BusinessCalendar, SplitDays) {
  // Listed out of order on purpose: the calendar sorts them.
  auto cal = make(make_spec("UTC", kWorkdays, {{"13:00", "17:00"}, {"09:00", "12:00"}}));
  EXPECT_EQ(cal.intervals(0), (std::vector<OpenInterval>{{540, 720}, {780, 1020}}));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T11:30:00Z"), 60), T("2026-01-05T13:30:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T11:00:00Z"), 60), T("2026-01-05T12:00:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T12:30:00Z"), 10), T("2026-01-05T13:10:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T09:00:00Z"), 420), T("2026-01-05T17:00:00Z"));
  EXPECT_EQ(cal.business_minutes_between(T("2026-01-05T11:00:00Z"), T("2026-01-05T14:00:00Z")),
            120);
  EXPECT_FALSE(cal.is_open(T("2026-01-05T12:30:00Z")));
  EXPECT_EQ(cal.open_until(T("2026-01-05T10:00:00Z")), T("2026-01-05T12:00:00Z"));
  EXPECT_EQ(cal.next_opening(T("2026-01-05T12:00:00Z")), T("2026-01-05T13:00:00Z"));
}

TEST(BusinessCalendar, TouchingIntervalsMerge) {
  auto cal = make(make_spec("UTC", kWorkdays, {{"12:00", "17:00"}, {"09:00", "12:00"}}));
  EXPECT_EQ(cal.intervals(4), (std::vector<OpenInterval>{{540, 1020}}));
  EXPECT_TRUE(cal.intervals(5).empty());
}

TEST(BusinessCalendar, MidnightEndRunsIntoTheNextDay) {
  BusinessCalendarSpec spec;
  spec.timezone = "UTC";
  spec.schedule["friday"] = {{"18:00", "24:00"}};
  spec.schedule["saturday"] = {{"00:00", "02:00"}};
  auto cal = make(spec);
  EXPECT_EQ(cal.intervals(4), (std::vector<OpenInterval>{{1080, 1440}}));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-09T23:30:00Z"), 60), T("2026-01-10T00:30:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-09T18:00:00Z"), 360), T("2026-01-10T00:00:00Z"));
  EXPECT_TRUE(cal.is_open(T("2026-01-09T23:59:59.999Z")));
  EXPECT_TRUE(cal.is_open(T("2026-01-10T00:00:00Z")));
  EXPECT_EQ(cal.open_until(T("2026-01-09T20:00:00Z")), T("2026-01-10T02:00:00Z"));
  EXPECT_EQ(cal.business_minutes_between(T("2026-01-09T00:00:00Z"), T("2026-01-11T00:00:00Z")),
            480);
}

TEST(BusinessCalendar, OneOffAndRecurringHolidaysCloseTheDay) {
  auto cal =
      nine_to_five_utc({{"Epiphany 2026", "2026-01-06", false}, {"Christmas", "2020-12-25", true}});
  // Tuesday 2026-01-06 is closed, so Monday's overflow lands on Wednesday.
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T16:00:00Z"), 120), T("2026-01-07T10:00:00Z"));
  EXPECT_FALSE(cal.is_open(T("2026-01-06T10:00:00Z")));
  // One-off: the same day a year later (a Wednesday) is a working day.
  EXPECT_TRUE(cal.is_open(T("2027-01-06T10:00:00Z")));
  // Recurring from 2020: Friday 2026-12-25 is closed, so Thursday's overflow
  // skips Friday and the weekend.
  EXPECT_FALSE(cal.is_open(T("2026-12-25T10:00:00Z")));
  EXPECT_FALSE(cal.is_open(T("2020-12-25T10:00:00Z")));
  EXPECT_EQ(cal.add_business_minutes(T("2026-12-24T16:00:00Z"), 120), T("2026-12-28T10:00:00Z"));
  EXPECT_EQ(cal.business_minutes_between(T("2026-12-24T09:00:00Z"), T("2026-12-28T17:00:00Z")),
            960);
  EXPECT_EQ(cal.next_opening(T("2026-12-24T17:00:00Z")), T("2026-12-28T09:00:00Z"));
}

TEST(BusinessCalendar, HolidaysCloseTheLocalDayNotTheUtcDay) {
  // Tokyo is UTC+9: local 2026-01-06 00:00-24:00 is 2026-01-05T15:00Z to 2026-01-06T15:00Z.
  auto cal =
      make(make_spec("Asia/Tokyo", kEveryDay, {{"00:00", "24:00"}}, {{"", "2026-01-06", false}}));
  EXPECT_TRUE(cal.is_open(T("2026-01-05T14:59:59Z")));
  EXPECT_FALSE(cal.is_open(T("2026-01-05T15:00:00Z")));
  EXPECT_TRUE(cal.is_open(T("2026-01-06T15:00:00Z")));
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-05T14:00:00Z"), 120), T("2026-01-06T16:00:00Z"));
}

TEST(BusinessCalendar, AlwaysOpenIsPlainArithmetic) {
  const auto& cal = BusinessCalendar::always_open();
  EXPECT_TRUE(cal.is_always_open());
  Millis t = T("2026-03-29T00:30:00Z");
  EXPECT_EQ(cal.add_business_minutes(t, 12345), t + 12345 * kMinute);
  EXPECT_EQ(cal.business_millis_between(t, t + 987654321), 987654321);
  EXPECT_EQ(cal.subtract_business_millis(t, 30 * kMinute), t - 30 * kMinute);
  EXPECT_TRUE(cal.is_open(t));
  EXPECT_EQ(cal.next_opening(t), t);
  EXPECT_EQ(cal.open_until(t), BusinessCalendar::kNever);

  // Whole days every day, in any zone, are the same calendar.
  for (const char* zone : {"UTC", "Europe/Berlin", "America/New_York"}) {
    auto parsed = make(make_spec(zone, kEveryDay, {{"00:00", "24:00"}}));
    EXPECT_TRUE(parsed.is_always_open()) << zone;
    EXPECT_EQ(parsed.add_business_minutes(t, 1440), t + 1440 * kMinute) << zone;
  }
}

// Berlin leaves CET (+01:00) for CEST (+02:00) on Sunday 2026-03-29 at
// 01:00Z: local clocks jump from 02:00 to 03:00.
TEST(BusinessCalendarDst, BerlinSpringForwardOpeningInTheGapOpensAtTheJump) {
  auto cal = make(make_spec("Europe/Berlin", kEveryDay, {{"02:30", "04:00"}}));
  // Saturday: 02:30-04:00 CET = 01:30Z-03:00Z, 90 minutes.
  EXPECT_EQ(cal.next_opening(T("2026-03-28T00:00:00Z")), T("2026-03-28T01:30:00Z"));
  // Sunday: 02:30 does not exist, so the day opens at the jump, 03:00 CEST =
  // 01:00Z, and closes at 04:00 CEST = 02:00Z: 60 minutes.
  EXPECT_EQ(cal.next_opening(T("2026-03-29T00:00:00Z")), T("2026-03-29T01:00:00Z"));
  EXPECT_FALSE(cal.is_open(T("2026-03-29T00:59:59.999Z")));
  EXPECT_TRUE(cal.is_open(T("2026-03-29T01:00:00Z")));
  EXPECT_EQ(cal.add_business_minutes(T("2026-03-29T00:00:00Z"), 60), T("2026-03-29T02:00:00Z"));
  // Monday: 02:30 CEST = 00:30Z.
  EXPECT_EQ(cal.add_business_minutes(T("2026-03-29T00:00:00Z"), 61), T("2026-03-30T00:31:00Z"));
  EXPECT_EQ(cal.business_minutes_between(T("2026-03-28T00:00:00Z"), T("2026-03-31T00:00:00Z")),
            90 + 60 + 90);
}

TEST(BusinessCalendarDst, BerlinSpringForwardDayHas23Hours) {
  // Whole days, but a holiday years away keeps the calendar off the 24/7
  // shortcut so the per-day conversion is what gets tested.
  auto cal = make(
      make_spec("Europe/Berlin", kEveryDay, {{"00:00", "24:00"}}, {{"", "2040-01-02", false}}));
  ASSERT_FALSE(cal.is_always_open());
  // Local midnight starting the 29th is 23:00Z on the 28th (CET); the next
  // local midnight is 22:00Z on the 29th (CEST). The day has 23 real hours.
  Millis midnight = T("2026-03-28T23:00:00Z");
  Millis next_midnight = T("2026-03-29T22:00:00Z");
  EXPECT_EQ(cal.business_minutes_between(midnight, next_midnight), 23 * 60);
  // 24 * 60 business minutes are 24 real hours: the whole 23-hour day and
  // the first hour of the 30th, i.e. next local midnight + 1 h = 01:00 CEST
  // on the 30th = 23:00Z on the 29th. Plain addition gives the same instant,
  // as it must for a calendar that is open the whole time.
  EXPECT_EQ(cal.add_business_minutes(midnight, 24 * 60), T("2026-03-29T23:00:00Z"));
  EXPECT_EQ(cal.add_business_minutes(midnight, 24 * 60), next_midnight + 60 * kMinute);
  EXPECT_EQ(cal.add_business_minutes(midnight, 23 * 60), next_midnight);
  EXPECT_EQ(cal.open_until(midnight), T("2040-01-01T23:00:00Z"));
}

// Berlin returns to CET on Sunday 2026-10-25 at 01:00Z: local clocks go from
// 03:00 CEST back to 02:00 CET, so 02:00-03:00 happens twice.
TEST(BusinessCalendarDst, BerlinFallBackDayHas25Hours) {
  auto cal = make(
      make_spec("Europe/Berlin", kEveryDay, {{"00:00", "24:00"}}, {{"", "2040-01-02", false}}));
  // Midnight starting the 25th = 22:00Z on the 24th (CEST); the next one =
  // 23:00Z on the 25th (CET): 25 hours.
  Millis midnight = T("2026-10-24T22:00:00Z");
  EXPECT_EQ(cal.business_minutes_between(midnight, T("2026-10-25T23:00:00Z")), 25 * 60);
  // 24 * 60 minutes end an hour before the next local midnight, at 23:00 CET.
  EXPECT_EQ(cal.add_business_minutes(midnight, 24 * 60), T("2026-10-25T22:00:00Z"));
}

TEST(BusinessCalendarDst, BerlinFallBackAmbiguousOpeningTakesTheFirstOccurrence) {
  auto cal = make(make_spec("Europe/Berlin", kEveryDay, {{"02:30", "04:00"}}));
  // 02:30 first occurs in CEST (00:30Z); 04:00 is CET (03:00Z): 150 minutes.
  EXPECT_EQ(cal.next_opening(T("2026-10-25T00:00:00Z")), T("2026-10-25T00:30:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-10-25T00:00:00Z"), 150), T("2026-10-25T03:00:00Z"));
  // 01:15Z reads 02:15 CET (the second 02:15), but the day opened at the
  // first 02:30 and has not closed since.
  EXPECT_TRUE(cal.is_open(T("2026-10-25T01:15:00Z")));
  EXPECT_EQ(cal.business_minutes_between(T("2026-10-25T00:00:00Z"), T("2026-10-26T00:00:00Z")),
            150);
  // Saturday is ordinary: 02:30-04:00 CEST = 00:30Z-02:00Z.
  EXPECT_EQ(cal.business_minutes_between(T("2026-10-24T00:00:00Z"), T("2026-10-25T00:00:00Z")), 90);
}

TEST(BusinessCalendarDst, BerlinFallBackAmbiguousClosingTakesTheFirstOccurrence) {
  auto cal = make(make_spec("Europe/Berlin", kEveryDay, {{"01:00", "02:30"}}));
  // 01:00 CEST = 23:00Z on the 24th; the first 02:30 = 00:30Z: 90 minutes.
  EXPECT_EQ(cal.open_until(T("2026-10-24T23:00:00Z")), T("2026-10-25T00:30:00Z"));
  EXPECT_FALSE(cal.is_open(T("2026-10-25T01:15:00Z")));
}

// New York leaves EST (-05:00) for EDT (-04:00) on Sunday 2026-03-08 at
// 07:00Z (02:00 -> 03:00) and returns on Sunday 2026-11-01 at 06:00Z
// (02:00 EDT -> 01:00 EST, so 01:00-02:00 happens twice).
TEST(BusinessCalendarDst, NewYorkSpringForward) {
  auto cal = make(make_spec("America/New_York", kEveryDay, {{"01:30", "03:30"}}));
  // 01:30 EST = 06:30Z; 03:30 EDT = 07:30Z: two wall-clock hours, one real.
  EXPECT_EQ(cal.next_opening(T("2026-03-08T00:00:00Z")), T("2026-03-08T06:30:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-03-08T00:00:00Z"), 60), T("2026-03-08T07:30:00Z"));
  EXPECT_EQ(cal.business_minutes_between(T("2026-03-08T00:00:00Z"), T("2026-03-09T00:00:00Z")), 60);
  EXPECT_EQ(cal.business_minutes_between(T("2026-03-07T00:00:00Z"), T("2026-03-08T00:00:00Z")),
            120);

  auto gap = make(make_spec("America/New_York", kEveryDay, {{"02:30", "04:00"}}));
  // 02:30 is skipped: open at the jump, 03:00 EDT = 07:00Z, until 08:00Z.
  EXPECT_EQ(gap.next_opening(T("2026-03-08T05:00:00Z")), T("2026-03-08T07:00:00Z"));
  EXPECT_EQ(gap.open_until(T("2026-03-08T07:00:00Z")), T("2026-03-08T08:00:00Z"));
}

TEST(BusinessCalendarDst, NewYorkFallBackOpeningTakesTheFirstOccurrence) {
  auto cal = make(make_spec("America/New_York", kEveryDay, {{"01:30", "03:30"}}));
  // 01:30 first occurs in EDT (05:30Z), not in EST (06:30Z); 03:30 EST =
  // 08:30Z: 180 real minutes.
  EXPECT_EQ(cal.next_opening(T("2026-11-01T00:00:00Z")), T("2026-11-01T05:30:00Z"));
  EXPECT_EQ(cal.add_business_minutes(T("2026-11-01T05:30:00Z"), 180), T("2026-11-01T08:30:00Z"));
  EXPECT_TRUE(cal.is_open(T("2026-11-01T06:15:00Z")));  // 01:15 EST, the second time round
  EXPECT_EQ(cal.business_minutes_between(T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")),
            180);
  // Saturday: 01:30-03:30 EDT = 05:30Z-07:30Z.
  EXPECT_EQ(cal.business_minutes_between(T("2026-10-31T00:00:00Z"), T("2026-11-01T00:00:00Z")),
            120);
}

TEST(BusinessCalendar, LongSpansIterateByDay) {
  auto cal = nine_to_five_utc();
  auto started = std::chrono::steady_clock::now();
  // 10,000 business hours = 1,250 eight-hour days = 250 working weeks, used
  // up exactly at closing on the Friday of the 250th week.
  Millis due = cal.add_business_minutes(T("2026-01-05T09:00:00Z"), 10'000 * 60);
  EXPECT_EQ(due, T("2030-10-18T17:00:00Z"));
  EXPECT_EQ(cal.business_minutes_between(T("2026-01-05T09:00:00Z"), due), 10'000 * 60);

  auto berlin = make(make_spec("Europe/Berlin", kWorkdays, {{"09:00", "12:00"}, {"13:00", "17:00"}},
                               {{"", "2000-12-25", true}, {"", "2000-01-01", true}}));
  Millis start = T("2026-02-03T10:17:00Z");
  Millis far = berlin.add_business_minutes(start, 10'000 * 60);
  EXPECT_EQ(berlin.business_minutes_between(start, far), 10'000 * 60);
  EXPECT_TRUE(berlin.is_open(far - 1));
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(1));
}

// A calendar with its holidays, for checking is_open() against a naive
// reading of the wall clock.
struct Case {
  const char* name;
  BusinessCalendarSpec spec;
};

std::vector<Case> property_cases() {
  return {
      {"utc 9-17", make_spec("UTC", kWorkdays, {{"09:00", "17:00"}})},
      {"utc split", make_spec("UTC", kWorkdays, {{"09:00", "12:00"}, {"13:00", "17:00"}},
                              {{"", "2026-05-01", false}})},
      {"berlin night", make_spec("Europe/Berlin", kEveryDay, {{"02:30", "04:00"}})},
      {"berlin office",
       make_spec("Europe/Berlin",
                 {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday"},
                 {{"08:00", "12:30"}, {"13:15", "18:00"}},
                 {{"", "2000-12-25", true}, {"", "2026-04-06", false}})},
      {"berlin whole days",
       make_spec("Europe/Berlin", kEveryDay, {{"00:00", "24:00"}}, {{"", "2026-06-15", false}})},
      {"new york 01:30", make_spec("America/New_York", kEveryDay, {{"01:30", "03:30"}})},
      {"new york late",
       make_spec("America/New_York", kWorkdays, {{"00:00", "02:00"}, {"20:00", "24:00"}},
                 {{"", "2000-07-04", true}})},
  };
}

// Open by the wall clock alone; right except on the days a DST change
// moves the meaning of the wall clock, which the caller skips.
bool naive_is_open(const BusinessCalendarSpec& spec, const date::time_zone* zone, Millis t) {
  using std::chrono::milliseconds;
  auto local = zone->to_local(date::sys_time<milliseconds>{milliseconds{t}});
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  char ymd_text[16];
  std::snprintf(ymd_text, sizeof ymd_text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  for (const auto& h : spec.holidays) {
    if (h.recurring ? h.date.substr(4) == std::string(ymd_text).substr(4) : h.date == ymd_text)
      return false;
  }
  static const char* const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                      "friday", "saturday", "sunday"};
  auto it = spec.schedule.find(names[date::weekday{day}.iso_encoding() - 1]);
  if (it == spec.schedule.end()) return false;
  auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  for (const auto& iv : it->second) {
    int start = std::stoi(iv.start.substr(0, 2)) * 60 + std::stoi(iv.start.substr(3));
    int end = std::stoi(iv.end.substr(0, 2)) * 60 + std::stoi(iv.end.substr(3));
    if (start <= minute && minute < end) return true;
  }
  return false;
}

bool is_dst_change_day(const date::time_zone* zone, Millis t) {
  using std::chrono::milliseconds;
  auto local = zone->to_local(date::sys_time<milliseconds>{milliseconds{t}});
  auto day = date::floor<date::days>(local);
  auto start = zone->to_sys(day, date::choose::earliest);
  auto end = zone->to_sys(day + date::days{1}, date::choose::earliest);
  return end - start != std::chrono::hours{24};
}

TEST(BusinessCalendarProperty, AddAndBetweenAreInverses) {
  std::mt19937_64 rng(20260329);
  // Instants spread over 2026, plus the DST nights themselves.
  std::uniform_int_distribution<Millis> instant(T("2026-01-01T00:00:00Z"),
                                                T("2027-01-01T00:00:00Z"));
  std::uniform_int_distribution<std::int64_t> minutes(0, 20'000);
  std::uniform_int_distribution<Millis> jitter(-36 * 3'600'000, 36 * 3'600'000);
  const Millis dst_nights[] = {T("2026-03-29T01:00:00Z"), T("2026-10-25T01:00:00Z"),
                               T("2026-03-08T07:00:00Z"), T("2026-11-01T06:00:00Z")};

  for (const Case& c : property_cases()) {
    SCOPED_TRACE(c.name);
    auto cal = make(c.spec);
    const date::time_zone* zone = date::locate_zone(c.spec.timezone);
    for (int i = 0; i < 1500; ++i) {
      Millis a = i % 3 == 0 ? dst_nights[i % 4] + jitter(rng) : instant(rng);
      std::int64_t m = minutes(rng);

      Millis due = cal.add_business_minutes(a, m);
      ASSERT_EQ(cal.business_millis_between(a, due), m * kMinute) << format_rfc3339(a) << " +" << m;
      if (m > 0) {
        // Earliest: the last millisecond before it is business time.
        ASSERT_TRUE(cal.is_open(due - 1)) << format_rfc3339(a) << " +" << m;
        ASSERT_EQ(cal.business_millis_between(a, due - 1), m * kMinute - 1);
      }

      Millis b = a + jitter(rng) * 4;
      std::int64_t between = cal.business_millis_between(a, b);
      if (b > a) {
        Millis back = cal.add_business_millis(a, between);
        ASSERT_LE(back, b);
        ASSERT_EQ(cal.business_millis_between(a, back), between);
        ASSERT_EQ(cal.business_millis_between(back, b), 0);
        Millis mid = a + (b - a) / 3;
        ASSERT_EQ(cal.business_millis_between(a, mid) + cal.business_millis_between(mid, b),
                  between);
      } else {
        ASSERT_EQ(between, 0);
      }

      std::int64_t w = minutes(rng) * kMinute / 10;
      Millis from = cal.subtract_business_millis(a, w);
      ASSERT_EQ(cal.business_millis_between(from, a), w) << format_rfc3339(a) << " -" << w;
      ASSERT_GT(cal.business_millis_between(from - 1, a), w);

      Millis t = instant(rng);
      bool open = cal.is_open(t);
      ASSERT_EQ(open, cal.business_millis_between(t, t + 1) == 1) << format_rfc3339(t);
      auto next = cal.next_opening(t);
      ASSERT_TRUE(next.has_value());
      ASSERT_EQ(*next == t, open);
      ASSERT_TRUE(cal.is_open(*next));
      ASSERT_EQ(cal.business_millis_between(t, *next), 0);
      if (open) {
        auto until = cal.open_until(t);
        ASSERT_TRUE(until.has_value());
        if (*until != BusinessCalendar::kNever) {
          ASSERT_EQ(cal.business_millis_between(t, *until), *until - t);
          ASSERT_FALSE(cal.is_open(*until));
        }
      }
      if (!is_dst_change_day(zone, t)) {
        ASSERT_EQ(open, naive_is_open(c.spec, zone, t)) << format_rfc3339(t);
      }
    }
  }
}

TEST(BusinessCalendarValidation, NamesEveryBadField) {
  BusinessCalendarSpec spec;
  spec.timezone = "Mars/Olympus_Mons";
  spec.schedule["monday"] = {{"09:00", "12:00"}, {"9:00", "17:00"}};
  spec.schedule["tuesday"] = {{"17:00", "09:00"}};
  spec.schedule["wednesday"] = {{"09:00", "12:00"}, {"11:00", "13:00"}};
  spec.schedule["thursday"] = {{"24:00", "24:00"}, {"10:00", "24:01"}};
  spec.schedule["funday"] = {{"09:00", "17:00"}};
  spec.holidays = {{"ok", "2026-12-25", true},
                   {"impossible", "2026-02-30", false},
                   {"short", "26-12-25", false}};
  FieldErrors errors;
  EXPECT_FALSE(BusinessCalendar::parse(spec, &errors).has_value());
  for (const char* field :
       {"timezone", "schedule.monday[1].start", "schedule.tuesday[0].end", "schedule.wednesday[1]",
        "schedule.thursday[0].start", "schedule.thursday[1].end", "schedule.funday",
        "holidays[1].date", "holidays[2].date"}) {
    EXPECT_EQ(errors.count(field), 1u) << field;
  }
  EXPECT_EQ(errors.size(), 9u);
  EXPECT_EQ(errors["schedule.wednesday[1]"],
            std::vector<std::string>{"overlaps schedule.wednesday[0]"});
}

TEST(BusinessCalendarValidation, OverlapNamesBothIntervalsWhateverTheOrder) {
  BusinessCalendarSpec spec =
      make_spec("UTC", {"monday"}, {{"13:00", "17:00"}, {"09:00", "14:00"}});
  FieldErrors errors;
  EXPECT_FALSE(BusinessCalendar::parse(spec, &errors));
  EXPECT_EQ(errors["schedule.monday[1]"], std::vector<std::string>{"overlaps schedule.monday[0]"});
}

TEST(BusinessCalendarValidation, RequiresAZoneAndAnOpenDay) {
  FieldErrors errors;
  EXPECT_FALSE(BusinessCalendar::parse(BusinessCalendarSpec{}, &errors));
  EXPECT_EQ(errors.count("timezone"), 1u);
  EXPECT_EQ(errors.count("schedule"), 1u);

  BusinessCalendarSpec spec = make_spec("UTC", {}, {});
  spec.schedule["monday"] = {};
  errors.clear();
  EXPECT_FALSE(BusinessCalendar::parse(spec, &errors));
  EXPECT_EQ(errors.count("schedule"), 1u);

  errors.clear();
  EXPECT_FALSE(
      BusinessCalendar::parse(make_spec("localtime", kWorkdays, {{"09:00", "17:00"}}), &errors));
  EXPECT_EQ(errors.count("timezone"), 1u);
}

TEST(BusinessCalendarValidation, ParseOrThrowRaisesA422) {
  BusinessCalendarSpec spec = make_spec("Nowhere/Nothing", kWorkdays, {{"09:00", "17:00"}});
  try {
    BusinessCalendar::parse_or_throw(spec);
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.errors().count("timezone"), 1u);
  }
  EXPECT_EQ(BusinessCalendar::parse_or_throw(make_spec("UTC", kWorkdays, {{"09:00", "17:00"}}))
                .timezone(),
            "UTC");
  EXPECT_FALSE(BusinessCalendar::parse(spec, nullptr).has_value());
}

TEST(BusinessCalendarValidation, RecurringHolidaysMayNotCoverTheWholeYear) {
  BusinessCalendarSpec spec = make_spec("UTC", kEveryDay, {{"09:00", "17:00"}});
  for (auto d = date::local_days{date::year{2024} / 1 / 1};
       d < date::local_days{date::year{2025} / 1 / 1}; d += date::days{1}) {
    date::year_month_day ymd{d};
    char text[16];
    std::snprintf(text, sizeof text, "2024-%02u-%02u", static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    spec.holidays.push_back({"", text, true});
  }
  FieldErrors errors;
  EXPECT_FALSE(BusinessCalendar::parse(spec, &errors));
  EXPECT_EQ(errors.count("holidays"), 1u);
  spec.holidays.pop_back();  // New Year's Eve stays open
  auto cal = make(spec);
  EXPECT_EQ(cal.add_business_minutes(T("2026-01-01T00:00:00Z"), 60), T("2026-12-31T10:00:00Z"));
}

}  // namespace
}  // namespace escalated::core
