#include "core/text.h"

#include <charconv>

namespace escalated::core {

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  while (true) {
    auto end = text.find(separator);
    std::string_view item = text.substr(0, end);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

std::string trim(std::string_view text, std::string_view blanks) {
  auto begin = text.find_first_not_of(blanks);
  if (begin == std::string_view::npos) return "";
  auto end = text.find_last_not_of(blanks);
  return std::string(text.substr(begin, end - begin + 1));
}

std::string lower(std::string text) {
  for (char& ch : text)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return text;
}

std::string normalize_email(std::string_view text) {
  return lower(trim(text));
}

std::optional<std::int64_t> positive_int(std::string_view text) {
  std::int64_t v = 0;
  if (text.empty() || text[0] == '-' || text[0] == '+') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace escalated::core
