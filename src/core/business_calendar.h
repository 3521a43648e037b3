// Business hours in one IANA time zone: the clock that SLA targets run on.
//
// A calendar is a weekly schedule of local wall-clock intervals plus holidays
// that close whole local days. Each local day's intervals are turned into UTC
// instants with the OS time-zone database, so a day may be 23 or 25 hours long
// and business time always counts real elapsed milliseconds.
//
// DST rules, applied to every interval bound:
//   - a wall-clock time that a spring-forward jump skips takes effect at the
//     jump (an opening at 02:30 on a 02:00->03:00 night opens at 03:00 local,
//     the jump instant);
//   - a wall-clock time that occurs twice on a fall-back night means its first
//     occurrence (a closing at 02:30 closes at 02:30 summer time).
//
// The tz database files that Debian ships list transitions up to 2037; past
// them date/tz keeps the last known offset, so DST is not applied after 2037.
//
// Thread-safety: a BusinessCalendar is immutable after parse() and may be
// shared between threads.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/errors.h"

namespace date {
class time_zone;
}

namespace escalated::core {

// The weekdays as schedules name them, Monday first (ISO order).
inline constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// The calendar as the API and storage spell it: plain strings, checked by
// BusinessCalendar::parse().
struct OpeningHoursSpec {
  std::string start;  // "HH:MM", 00:00 to 23:59
  std::string end;    // "HH:MM", after start; "24:00" closes at midnight
};

struct HolidaySpec {
  std::string name;  // for people; the math ignores it
  std::string date;  // local date "YYYY-MM-DD"
  // Every year on that month and day; a recurring February 29 closes only
  // leap years.
  bool recurring = false;
};

struct BusinessCalendarSpec {
  std::string timezone;  // IANA name such as "Europe/Berlin" or "UTC"
  // Keyed by lower-case English weekday ("monday" ... "sunday"); an absent or
  // empty weekday is closed. Intervals may come in any order; touching ones
  // ("09:00"-"12:00", "12:00"-"17:00") form one.
  std::map<std::string, std::vector<OpeningHoursSpec>> schedule;
  std::vector<HolidaySpec> holidays;
};

// One open interval of a weekday, [start_minute, end_minute) in minutes after
// local midnight; end_minute may be 1440 ("24:00").
struct OpenInterval {
  int start_minute = 0;
  int end_minute = 0;
  bool operator==(const OpenInterval&) const = default;
};

class BusinessCalendar {
 public:
  // Returned by searches that find no business time at all: a calendar that
  // stays closed for kMaxClosedDays consecutive days is taken never to open.
  static constexpr Millis kNever = std::numeric_limits<Millis>::max();
  // 400 Gregorian years: a schedule with one open weekday and one month-day
  // that is not a recurring holiday opens at least once in that cycle.
  static constexpr int kMaxClosedDays = 146097;
  static constexpr std::size_t kMaxHolidays = 1000;

  // Checks the spec and builds the calendar. On failure returns nullopt and
  // adds every problem to *errors under paths such as "timezone",
  // "schedule.monday[1].start", "schedule.monday[1]" (overlap),
  // "holidays[0].date", "schedule" (never open) and "holidays".
  static std::optional<BusinessCalendar> parse(const BusinessCalendarSpec& spec,
                                               FieldErrors* errors);
  // As parse(), but throws ValidationError (422) with the field errors.
  static BusinessCalendar parse_or_throw(const BusinessCalendarSpec& spec);

  // Open every minute of every day, in UTC: the calendar of a policy without
  // business hours. Every operation on it is plain arithmetic.
  static const BusinessCalendar& always_open();

  const std::string& timezone() const { return timezone_; }
  // True when every day is open 00:00-24:00 and there are no holidays, in
  // which case business time equals elapsed time whatever the zone.
  bool is_always_open() const { return always_open_; }
  // The merged, sorted intervals of a weekday; 0 = Monday ... 6 = Sunday.
  const std::vector<OpenInterval>& intervals(int iso_weekday_index) const {
    return week_.at(static_cast<std::size_t>(iso_weekday_index));
  }

  // The earliest instant by which `millis` of business time have elapsed
  // since `start`. Time used up exactly at a closing is due at that closing,
  // not at the next opening. millis <= 0 gives `start`, open or not.
  // kNever if the calendar never opens again.
  Millis add_business_millis(Millis start, std::int64_t millis) const;
  Millis add_business_minutes(Millis start, std::int64_t minutes) const {
    return add_business_millis(start, minutes * 60'000);
  }

  // The earliest instant t with business_millis_between(t, end) <= millis:
  // `millis` of business time before `end`. When the count is used up at an
  // opening, the answer is the closing before it (the remaining time does
  // not shrink while closed). millis < 0 counts as 0. The lowest Millis if
  // the calendar has no business time before `end`.
  Millis subtract_business_millis(Millis end, std::int64_t millis) const;

  // Business time in [a, b); 0 when b <= a.
  std::int64_t business_millis_between(Millis a, Millis b) const;
  // Whole business minutes in [a, b), rounded down.
  std::int64_t business_minutes_between(Millis a, Millis b) const {
    return business_millis_between(a, b) / 60'000;
  }

  // Whether business time runs at t (intervals are closed at their end).
  bool is_open(Millis t) const;
  // The earliest instant >= t at which the calendar is open (t itself when
  // open); nullopt if it never opens again.
  std::optional<Millis> next_opening(Millis t) const;
  // When open at t, the instant the open period holding t ends; intervals
  // that touch, also across midnight, count as one period. nullopt when
  // closed at t; kNever when the calendar never closes again.
  std::optional<Millis> open_until(Millis t) const;

 private:
  struct Span {
    Millis start;
    Millis end;
  };

  // Converts between UTC and wall-clock time for one operation, remembering
  // the zone's current offset period so that runs of days need no lookups.
  // Lives on the stack of each call: the calendar itself stays immutable.
  class ZoneCursor;

  BusinessCalendar() = default;

  // Local days are numbered as days since 1970-01-01 in local wall-clock time.
  std::int32_t day_of(ZoneCursor& zone, Millis t) const;
  bool closed_day(std::int32_t day) const;
  // The day's open intervals as UTC spans, in order, non-empty, disjoint.
  void day_spans(ZoneCursor& zone, std::int32_t day, std::vector<Span>& out) const;

  std::string timezone_;
  const date::time_zone* zone_ = nullptr;
  bool always_open_ = false;
  bool whole_days_ = false;  // every weekday 00:00-24:00, holidays or not
  std::array<std::vector<OpenInterval>, 7> week_;
  std::vector<std::int32_t> one_off_holidays_;  // sorted local day numbers
  std::bitset<12 * 31> recurring_holidays_;     // (month - 1) * 31 + (day - 1)
};

}  // namespace escalated::core
