// RFC 3339 instants on the wire: always UTC with a trailing "Z".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace escalated::core {

// "2026-03-29T00:30:00Z", or with ".123" before the Z when the instant has
// milliseconds.
std::string format_rfc3339(Millis instant);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]" ('t'/' ' and 'z'
// accepted too). Returns nullopt for anything else, including impossible
// dates such as February 30th.
std::optional<Millis> parse_rfc3339(std::string_view text);

// Start of the UTC day that holds the instant.
Millis start_of_utc_day(Millis instant);

}  // namespace escalated::core
