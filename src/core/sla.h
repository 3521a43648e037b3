// SLA due-time math: when a target of N business minutes falls due, given the
// ticket's creation instant, its business calendar and the periods in which
// its clock stood still. Pure functions: the SLA engine stores the results,
// schedules timers at them and decides what has already fired.
//
// Semantics shared by every function here:
//   - A target of N minutes is due at the earliest instant by which N minutes
//     of business time that was not paused have elapsed since the start
//     (BusinessCalendar::add_business_millis, so a target used up exactly at
//     closing time is due at closing time).
//   - A paused period [from, to) stops the clock; only its business time
//     matters, so a pause outside business hours moves nothing, and a pause
//     in business hours moves the due time by exactly its business time.
//   - A policy without business hours uses BusinessCalendar::always_open().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>

#include "core/business_calendar.h"
#include "core/clock.h"
#include "core/enums.h"

namespace escalated::core {

// [from, to): the clock stands still. An absent `to` means paused now, with no
// end yet. Periods may overlap, touch, come in any order or start before the
// clock's start; only their union after the start counts.
struct PausedPeriod {
  Millis from = 0;
  std::optional<Millis> to;
};

// A policy's targets in minutes; a priority without an entry has no target.
struct SlaTargets {
  std::map<Priority, std::int64_t> first_response_minutes;
  std::map<Priority, std::int64_t> resolution_minutes;
};

struct SlaDueTimes {
  std::optional<Millis> first_response_due_at;
  std::optional<Millis> resolution_due_at;
};

// The due instant of a target of `minutes` business minutes whose clock
// starts at `start` and stands still during `paused`. minutes <= 0 is due at
// `start`.
//
// An open-ended pause leaves the due time unknown (nullopt): it depends on when
// the pause ends, and a paused clock can neither warn nor breach. The engine
// recomputes on resume, once the pause has its end. The exception is a target
// used up before the open-ended pause began: its due instant is already fixed
// (and has passed) and is returned.
std::optional<Millis> sla_due_at(const BusinessCalendar& calendar, Millis start,
                                 std::int64_t minutes, std::span<const PausedPeriod> paused);

// Both due times for a ticket of `priority` created at `created_at`; nullopt
// where the policy has no target for the priority or the clock is paused now
// (see sla_due_at). `paused` stops both clocks (the ticket sat in a paused
// status); `resolution_paused` stops only the resolution clock (the ticket was
// resolved and later reopened). Recomputing after a priority or policy change
// is calling this again with the new targets and the same periods.
SlaDueTimes compute_sla_due_times(const SlaTargets& targets, Priority priority,
                                  const BusinessCalendar& calendar, Millis created_at,
                                  std::span<const PausedPeriod> paused,
                                  std::span<const PausedPeriod> resolution_paused = {});

// Business time counted by the clock from `start` to `now`, leaving out the
// paused periods; 0 when now <= start. A target's time left, also while
// paused, is its minutes * 60000 minus this.
std::int64_t sla_elapsed_business_millis(const BusinessCalendar& calendar, Millis start,
                                         std::span<const PausedPeriod> paused, Millis now);

// Business time from `now` until `due`; 0 once due has been reached. Meant for
// a running clock: with a pause ahead the due time would move anyway.
std::int64_t remaining_business_millis(const BusinessCalendar& calendar, Millis due, Millis now);

// Whether the warning for a target due at `due` should have fired by `now`:
// the remaining business time is at most `warning_minutes`. Also true once the
// target has breached, so an engine that finds both fires both, warning first.
bool warning_due(const BusinessCalendar& calendar, Millis now, Millis due,
                 std::int64_t warning_minutes);

// The earliest instant at which warning_due() is true: where to put the
// warning timer. Outside business hours the remaining time does not shrink,
// so a target with `warning_minutes` or fewer left at a closing warns at that
// closing rather than at the next opening. May lie before the clock's start
// (the target is shorter than the warning period): warn at once.
Millis warning_at(const BusinessCalendar& calendar, Millis due, std::int64_t warning_minutes);

// A target is breached once its due instant has passed: now > due. Meeting it
// exactly at the due instant is on time, so the breach timer belongs at
// breach_at(due) = due + 1 ms.
inline bool breached(Millis now, Millis due) {
  return now > due;
}
inline Millis breach_at(Millis due) {
  return due + 1;
}

}  // namespace escalated::core
