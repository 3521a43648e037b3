// JSON that this program wrote into a database column (payloads, rule
// conditions, schedules, lists). It was checked when written; a row damaged
// since reads as the empty value of its kind, so one bad row falls back to a
// default instead of failing every page that shows it.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::services {

// The stored value, or null when the text is not JSON.
boost::json::value parse_stored(std::string_view text);
// A stored object, or {} when the text is not a JSON object.
boost::json::object stored_object(std::string_view text);
// A stored list of strings; anything not a string list reads as empty, and
// items that are not strings are left out.
std::vector<std::string> stored_strings(std::string_view text);

}  // namespace escalated::services
