#include "core/tag_name.h"

#include <algorithm>

namespace escalated::core {

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::optional<std::string> tag_name_problem(std::string_view name) {
  if (name.empty()) return "must not be empty";
  if (name.size() > kMaxTagNameLength)
    return "must be at most " + std::to_string(kMaxTagNameLength) + " characters";
  if (has_control_characters(name)) return "must not contain control characters";
  return std::nullopt;
}

}  // namespace escalated::core
