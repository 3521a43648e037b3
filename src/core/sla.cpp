#include "core/sla.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace escalated::core {
namespace {

struct Interval {
  Millis from;
  Millis to;  // kOpenEnd while still paused
};

constexpr Millis kOpenEnd = std::numeric_limits<Millis>::max();

// The union of the paused periods from `start` on, as sorted, disjoint
// intervals; overlapping or touching ones merge so no time is removed twice.
std::vector<Interval> normalize(Millis start, std::span<const PausedPeriod> a,
                                std::span<const PausedPeriod> b) {
  std::vector<Interval> all;
  all.reserve(a.size() + b.size());
  for (auto periods : {a, b}) {
    for (const PausedPeriod& p : periods) {
      Interval i{std::max(p.from, start), p.to.value_or(kOpenEnd)};
      if (i.to > i.from) all.push_back(i);
    }
  }
  std::sort(all.begin(), all.end(),
            [](const Interval& x, const Interval& y) { return x.from < y.from; });
  std::vector<Interval> merged;
  for (const Interval& i : all) {
    if (!merged.empty() && i.from <= merged.back().to) {
      merged.back().to = std::max(merged.back().to, i.to);
    } else {
      merged.push_back(i);
    }
  }
  return merged;
}

std::optional<Millis> due_at(const BusinessCalendar& calendar, Millis start, std::int64_t minutes,
                             const std::vector<Interval>& pauses) {
  if (minutes <= 0) return start;
  std::int64_t remaining = minutes * 60'000;
  Millis cursor = start;
  for (const Interval& pause : pauses) {
    if (pause.from > cursor) {
      std::int64_t available = calendar.business_millis_between(cursor, pause.from);
      if (remaining <= available) return calendar.add_business_millis(cursor, remaining);
      remaining -= available;
    }
    if (pause.to == kOpenEnd) return std::nullopt;
    cursor = std::max(cursor, pause.to);
  }
  return calendar.add_business_millis(cursor, remaining);
}

std::optional<Millis> target_due(const std::map<Priority, std::int64_t>& minutes, Priority priority,
                                 const BusinessCalendar& calendar, Millis created_at,
                                 const std::vector<Interval>& pauses) {
  auto it = minutes.find(priority);
  if (it == minutes.end()) return std::nullopt;
  return due_at(calendar, created_at, it->second, pauses);
}

}  // namespace

std::optional<Millis> sla_due_at(const BusinessCalendar& calendar, Millis start,
                                 std::int64_t minutes, std::span<const PausedPeriod> paused) {
  return due_at(calendar, start, minutes, normalize(start, paused, {}));
}

SlaDueTimes compute_sla_due_times(const SlaTargets& targets, Priority priority,
                                  const BusinessCalendar& calendar, Millis created_at,
                                  std::span<const PausedPeriod> paused,
                                  std::span<const PausedPeriod> resolution_paused) {
  SlaDueTimes due;
  due.first_response_due_at = target_due(targets.first_response_minutes, priority, calendar,
                                         created_at, normalize(created_at, paused, {}));
  due.resolution_due_at = target_due(targets.resolution_minutes, priority, calendar, created_at,
                                     normalize(created_at, paused, resolution_paused));
  return due;
}

std::int64_t sla_elapsed_business_millis(const BusinessCalendar& calendar, Millis start,
                                         std::span<const PausedPeriod> paused, Millis now) {
  std::int64_t elapsed = calendar.business_millis_between(start, now);
  for (const Interval& pause : normalize(start, paused, {})) {
    if (pause.from >= now) break;
    elapsed -= calendar.business_millis_between(pause.from, std::min(pause.to, now));
  }
  return elapsed;
}

std::int64_t remaining_business_millis(const BusinessCalendar& calendar, Millis due, Millis now) {
  return calendar.business_millis_between(now, due);
}

bool warning_due(const BusinessCalendar& calendar, Millis now, Millis due,
                 std::int64_t warning_minutes) {
  return remaining_business_millis(calendar, due, now) <=
         std::max<std::int64_t>(warning_minutes, 0) * 60'000;
}

Millis warning_at(const BusinessCalendar& calendar, Millis due, std::int64_t warning_minutes) {
  return calendar.subtract_business_millis(due, warning_minutes * 60'000);
}

}  // namespace escalated::core
