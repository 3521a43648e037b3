// What a tag's name may be, wherever one is written: a tag in the catalogue,
// a tag added to or removed from a ticket by name, a rule's condition or
// action naming one. One rule, so every name a rule can mention can exist.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace escalated::core {

inline constexpr std::size_t kMaxTagNameLength = 50;

// Why `name` (already trimmed) cannot name a tag ("must not be empty",
// "must be at most 50 characters", "must not contain control characters"),
// or nullopt when it can.
std::optional<std::string> tag_name_problem(std::string_view name);

// Whether `text` holds an ASCII control character (below 0x20, or 0x7f).
bool has_control_characters(std::string_view text);

}  // namespace escalated::core
