#include "core/business_calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <utility>

#include "core/time_zone.h"

namespace escalated::core {
namespace {

using std::chrono::milliseconds;

constexpr int kMinutesPerDay = 24 * 60;
constexpr Millis kMillisPerDay = Millis{kMinutesPerDay} * 60'000;

bool two_digits(std::string_view text, std::size_t pos, int& out) {
  if (text[pos] < '0' || text[pos] > '9' || text[pos + 1] < '0' || text[pos + 1] > '9')
    return false;
  out = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
  return true;
}

// "HH:MM" -> minutes after midnight; "24:00" only when it may end a day.
std::optional<int> parse_wall_time(std::string_view text, bool allow_midnight_end) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || !two_digits(text, 0, h) || !two_digits(text, 3, m))
    return std::nullopt;
  if (allow_midnight_end && h == 24 && m == 0) return kMinutesPerDay;
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<date::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int hi = 0, lo = 0, mo = 0, d = 0;
  if (!two_digits(text, 0, hi) || !two_digits(text, 2, lo) || !two_digits(text, 5, mo) ||
      !two_digits(text, 8, d))
    return std::nullopt;
  date::year_month_day ymd{date::year{hi * 100 + lo}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::size_t recurring_index(unsigned month, unsigned day) {
  return (month - 1) * 31 + (day - 1);
}

date::local_days to_local_days(std::int32_t day) {
  return date::local_days{date::days{day}};
}

int iso_weekday_index(std::int32_t day) {
  return static_cast<int>(date::weekday{to_local_days(day)}.iso_encoding()) - 1;
}

}  // namespace

std::optional<BusinessCalendar> BusinessCalendar::parse(const BusinessCalendarSpec& spec,
                                                        FieldErrors* errors) {
  FieldErrors found;
  auto add = [&found](const std::string& field, std::string message) {
    found[field].push_back(std::move(message));
  };

  BusinessCalendar cal;
  cal.timezone_ = spec.timezone;
  if (spec.timezone.empty()) {
    add("timezone", "is required");
  } else if ((cal.zone_ = find_time_zone(spec.timezone)) == nullptr) {
    add("timezone", "is not a known IANA time zone, such as \"Europe/Berlin\" or \"UTC\"");
  }

  for (const auto& [name, intervals] : spec.schedule) {
    auto named = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), name);
    const std::string base = "schedule." + name;
    if (named == kWeekdayNames.end()) {
      add(base, "is not a weekday; use monday, tuesday, ... sunday");
      continue;
    }
    struct Indexed {
      OpenInterval interval;
      std::size_t index;
    };
    std::vector<Indexed> valid;
    for (std::size_t i = 0; i < intervals.size(); ++i) {
      const std::string field = base + "[" + std::to_string(i) + "]";
      auto start = parse_wall_time(intervals[i].start, false);
      auto end = parse_wall_time(intervals[i].end, true);
      if (!start) add(field + ".start", "must be a time HH:MM from 00:00 to 23:59");
      if (!end) add(field + ".end", "must be a time HH:MM from 00:00 to 24:00");
      if (!start || !end) continue;
      if (*start >= *end) {
        add(field + ".end", "must be after start");
        continue;
      }
      valid.push_back({{*start, *end}, i});
    }
    std::sort(valid.begin(), valid.end(), [](const Indexed& a, const Indexed& b) {
      return a.interval.start_minute < b.interval.start_minute;
    });
    std::vector<OpenInterval>& day = cal.week_[named - kWeekdayNames.begin()];
    std::size_t reach_index = 0;  // the interval that ends latest so far
    for (std::size_t k = 0; k < valid.size(); ++k) {
      const Indexed& cur = valid[k];
      if (k > 0 && cur.interval.start_minute < day.back().end_minute) {
        std::size_t later = std::max(cur.index, reach_index);
        std::size_t earlier = std::min(cur.index, reach_index);
        add(base + "[" + std::to_string(later) + "]",
            "overlaps " + base + "[" + std::to_string(earlier) + "]");
      }
      if (k > 0 && cur.interval.start_minute <= day.back().end_minute) {
        if (cur.interval.end_minute > day.back().end_minute) {
          day.back().end_minute = cur.interval.end_minute;
          reach_index = cur.index;
        }
      } else {
        day.push_back(cur.interval);
        reach_index = cur.index;
      }
    }
  }
  // Only worth saying when no interval was rejected: a rejected one may be
  // what was meant to open the calendar.
  const bool schedule_errors = std::any_of(found.begin(), found.end(), [](const auto& entry) {
    return entry.first.rfind("schedule", 0) == 0;
  });
  if (!schedule_errors && std::all_of(cal.week_.begin(), cal.week_.end(),
                                      [](const auto& day) { return day.empty(); })) {
    add("schedule", "must open on at least one day");
  }

  if (spec.holidays.size() > kMaxHolidays) {
    add("holidays", "must have at most " + std::to_string(kMaxHolidays) + " entries");
  }
  for (std::size_t i = 0; i < spec.holidays.size(); ++i) {
    auto ymd = parse_date(spec.holidays[i].date);
    if (!ymd) {
      add("holidays[" + std::to_string(i) + "].date", "must be a date YYYY-MM-DD");
      continue;
    }
    if (spec.holidays[i].recurring) {
      cal.recurring_holidays_.set(
          recurring_index(static_cast<unsigned>(ymd->month()), static_cast<unsigned>(ymd->day())));
    } else {
      cal.one_off_holidays_.push_back(date::local_days{*ymd}.time_since_epoch().count());
    }
  }
  // 366 distinct month-days (Feb 29 included) close every day of every year.
  if (cal.recurring_holidays_.count() >= 366) {
    add("holidays", "leave no day of the year open");
  }

  if (!found.empty()) {
    if (errors != nullptr) {
      for (auto& [field, messages] : found) {
        auto& into = (*errors)[field];
        into.insert(into.end(), messages.begin(), messages.end());
      }
    }
    return std::nullopt;
  }

  std::sort(cal.one_off_holidays_.begin(), cal.one_off_holidays_.end());
  cal.one_off_holidays_.erase(
      std::unique(cal.one_off_holidays_.begin(), cal.one_off_holidays_.end()),
      cal.one_off_holidays_.end());
  const std::vector<OpenInterval> whole_day{{0, kMinutesPerDay}};
  cal.whole_days_ = std::all_of(cal.week_.begin(), cal.week_.end(),
                                [&](const auto& day) { return day == whole_day; });
  cal.always_open_ =
      cal.whole_days_ && cal.one_off_holidays_.empty() && cal.recurring_holidays_.none();
  return cal;
}

BusinessCalendar BusinessCalendar::parse_or_throw(const BusinessCalendarSpec& spec) {
  FieldErrors errors;
  auto cal = parse(spec, &errors);
  if (!cal) throw ValidationError(std::move(errors));
  return std::move(*cal);
}

const BusinessCalendar& BusinessCalendar::always_open() {
  // Built by hand rather than parsed: it must exist even where the host has
  // no tz database, and it never consults one.
  static const BusinessCalendar cal = [] {
    BusinessCalendar c;
    c.timezone_ = "UTC";
    c.always_open_ = true;
    c.whole_days_ = true;
    for (auto& day : c.week_) day = {{0, kMinutesPerDay}};
    return c;
  }();
  return cal;
}

class BusinessCalendar::ZoneCursor {
 public:
  explicit ZoneCursor(const date::time_zone* zone) : zone_(zone) {}

  Millis local_of(Millis utc) {
    if (!loaded_ || utc < begin_ || utc >= end_) load(utc);
    return utc + offset_;
  }

  // Same answers as to_sys(local, choose::earliest), which maps a skipped
  // time to the end of the gap and a repeated one to its first occurrence:
  // exactly the two DST rules the calendar promises.
  Millis utc_of(std::int32_t day, int minute) {
    Millis local = (static_cast<Millis>(day) * kMinutesPerDay + minute) * 60'000;
    if (loaded_) {
      Millis utc = local - offset_;
      if (utc >= unique_from_ && utc < end_) return utc;
    }
    auto sys =
        zone_->to_sys(to_local_days(day) + std::chrono::minutes{minute}, date::choose::earliest);
    Millis utc = std::chrono::duration_cast<milliseconds>(sys.time_since_epoch()).count();
    load(utc);
    return utc;
  }

 private:
  static Millis ms(std::chrono::seconds s) { return s.count() * 1000; }

  void load(Millis utc) {
    auto info = zone_->get_info(date::sys_time<milliseconds>{milliseconds{utc}});
    begin_ = ms(info.begin.time_since_epoch());
    end_ = ms(info.end.time_since_epoch());
    offset_ = ms(info.offset);
    // After a fall-back the first (previous offset - offset) of the period
    // repeats wall times the previous period already showed; those belong
    // to the previous period's first occurrence, so they take the slow path.
    auto before = zone_->get_info(info.begin - std::chrono::seconds{1});
    unique_from_ = begin_ + std::max<Millis>(ms(before.offset) - offset_, 0);
    loaded_ = true;
  }

  const date::time_zone* zone_;
  bool loaded_ = false;
  Millis begin_ = 0;  // [begin_, end_): UTC instants with offset_
  Millis end_ = 0;
  Millis unique_from_ = 0;
  Millis offset_ = 0;
};

std::int32_t BusinessCalendar::day_of(ZoneCursor& zone, Millis t) const {
  Millis local = zone.local_of(t);
  auto day = static_cast<std::int32_t>(local / kMillisPerDay - (local % kMillisPerDay < 0));
  // Where a zone falls back across midnight, wall-clock dates and the days
  // their midnights delimit can disagree for an hour; the midnights win.
  while (zone.utc_of(day + 1, 0) <= t) ++day;
  while (zone.utc_of(day, 0) > t) --day;
  return day;
}

bool BusinessCalendar::closed_day(std::int32_t day) const {
  if (week_[iso_weekday_index(day)].empty()) return true;
  if (recurring_holidays_.any()) {
    date::year_month_day ymd{to_local_days(day)};
    if (recurring_holidays_.test(
            recurring_index(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()))))
      return true;
  }
  return std::binary_search(one_off_holidays_.begin(), one_off_holidays_.end(), day);
}

void BusinessCalendar::day_spans(ZoneCursor& zone, std::int32_t day, std::vector<Span>& out) const {
  out.clear();
  if (closed_day(day)) return;
  Millis floor = std::numeric_limits<Millis>::min();
  for (const OpenInterval& iv : week_[iso_weekday_index(day)]) {
    // The clamps keep spans ordered even if a zone's rules ever made wall
    // time run backwards within a day; real zones never trigger them.
    Millis start = std::max(zone.utc_of(day, iv.start_minute), floor);
    Millis end = std::max(zone.utc_of(day, iv.end_minute), start);
    floor = end;
    // An interval inside a spring-forward gap has no real time in it.
    if (end == start) continue;
    if (!out.empty() && out.back().end == start) {
      out.back().end = end;
    } else {
      out.push_back({start, end});
    }
  }
}

Millis BusinessCalendar::add_business_millis(Millis start, std::int64_t millis) const {
  if (millis <= 0) return start;
  if (always_open_) return start + millis;
  std::int64_t remaining = millis;
  std::vector<Span> spans;
  ZoneCursor zone(zone_);
  int closed_streak = 0;
  for (std::int32_t day = day_of(zone, start);; ++day) {
    day_spans(zone, day, spans);
    closed_streak = spans.empty() ? closed_streak + 1 : 0;
    if (closed_streak > kMaxClosedDays) return kNever;
    for (const Span& span : spans) {
      Millis from = std::max(span.start, start);
      if (span.end <= from) continue;
      // `<=` rather than `<`: time used up at a closing is due at the closing.
      if (remaining <= span.end - from) return from + remaining;
      remaining -= span.end - from;
    }
  }
}

Millis BusinessCalendar::subtract_business_millis(Millis end, std::int64_t millis) const {
  std::int64_t remaining = std::max<std::int64_t>(millis, 0);
  if (always_open_) return end - remaining;
  std::vector<Span> spans;
  ZoneCursor zone(zone_);
  int closed_streak = 0;
  for (std::int32_t day = day_of(zone, end);; --day) {
    day_spans(zone, day, spans);
    closed_streak = spans.empty() ? closed_streak + 1 : 0;
    if (closed_streak > kMaxClosedDays) return std::numeric_limits<Millis>::min();
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
      Millis to = std::min(it->end, end);
      if (to <= it->start) continue;
      // `<` rather than `<=`: when the count runs out exactly at an opening,
      // the earliest answer is the closing before it, found on a later step
      // with remaining == 0.
      if (remaining < to - it->start) return to - remaining;
      remaining -= to - it->start;
    }
  }
}

std::int64_t BusinessCalendar::business_millis_between(Millis a, Millis b) const {
  if (b <= a) return 0;
  if (always_open_) return b - a;
  std::int64_t total = 0;
  std::vector<Span> spans;
  ZoneCursor zone(zone_);
  const std::int32_t last = day_of(zone, b);
  for (std::int32_t day = day_of(zone, a); day <= last; ++day) {
    day_spans(zone, day, spans);
    for (const Span& span : spans) {
      Millis from = std::max(span.start, a);
      Millis to = std::min(span.end, b);
      if (to > from) total += to - from;
    }
  }
  return total;
}

bool BusinessCalendar::is_open(Millis t) const {
  if (always_open_) return true;
  std::vector<Span> spans;
  ZoneCursor zone(zone_);
  day_spans(zone, day_of(zone, t), spans);
  return std::any_of(spans.begin(), spans.end(),
                     [t](const Span& s) { return s.start <= t && t < s.end; });
}

std::optional<Millis> BusinessCalendar::next_opening(Millis t) const {
  if (always_open_) return t;
  std::vector<Span> spans;
  ZoneCursor zone(zone_);
  int closed_streak = 0;
  for (std::int32_t day = day_of(zone, t);; ++day) {
    day_spans(zone, day, spans);
    closed_streak = spans.empty() ? closed_streak + 1 : 0;
    if (closed_streak > kMaxClosedDays) return std::nullopt;
    for (const Span& span : spans) {
      if (span.end > t) return std::max(span.start, t);
    }
  }
}

std::optional<Millis> BusinessCalendar::open_until(Millis t) const {
  if (always_open_) return kNever;
  std::vector<Span> spans;
  ZoneCursor zone(zone_);
  std::int32_t day = day_of(zone, t);
  day_spans(zone, day, spans);
  auto holding = std::find_if(spans.begin(), spans.end(),
                              [t](const Span& s) { return s.start <= t && t < s.end; });
  if (holding == spans.end()) return std::nullopt;
  Millis until = holding->end;
  // Spans within a day are already merged, so the period can only go on
  // through the next day's first span starting at this day's last end.
  if (holding + 1 != spans.end()) return until;
  for (int days = 0; days <= kMaxClosedDays; ++days) {
    // Whole days past the last holiday never close again.
    if (whole_days_ && recurring_holidays_.none() &&
        (one_off_holidays_.empty() || day >= one_off_holidays_.back()))
      return kNever;
    day_spans(zone, ++day, spans);
    if (spans.empty() || spans.front().start != until) return until;
    until = spans.front().end;
    if (spans.size() > 1) return until;
  }
  return kNever;
}

}  // namespace escalated::core
