// IANA time zones by name, from the OS tz database (through date/tz): the
// zones of business calendars and of users.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"

namespace date {
class time_zone;
}

namespace escalated::core {

// The zone called `name` ("Europe/Berlin", "UTC"), or nullptr when the
// database has none of that name. "localtime" (the host's own setting) is
// no zone anyone can rely on: nullptr. Zones found are cached; misses are
// not, so hostile input cannot grow the cache.
const date::time_zone* find_time_zone(const std::string& name);

// Whether `name` is a zone of the database (a link such as "US/Eastern"
// included).
bool known_time_zone(const std::string& name);

// `instant` as people in `zone` read it: "2026-03-03 10:00 CET" (the zone's
// abbreviation, or its offset where it has none); in UTC when the zone is
// unknown.
std::string format_local_time(Millis instant, const std::string& zone);

}  // namespace escalated::core
