// Small text helpers shared by configuration, the command line and services.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

// "a, b,,c " -> {"a", "b", "c"}: split on `separator`, each item trimmed of
// spaces and tabs, empty items dropped.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

}  // namespace escalated::core
