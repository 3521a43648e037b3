#include "core/placeholders.h"

#include <algorithm>
#include <cstring>

#include "core/text.h"

namespace escalated::core {

std::optional<std::string> scan_placeholders(
    std::string_view text, const std::function<void(std::string_view)>& literal,
    const std::function<void(const std::string&)>& placeholder) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      literal(text.substr(at));
      break;
    }
    literal(text.substr(at, open - at));
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return "has a '{{' without its '}}'";
    placeholder(trim(text.substr(open + 2, close - open - 2), " \t"));
    at = close + 2;
  }
  return std::nullopt;
}

std::vector<std::string> placeholder_problems(std::string_view text,
                                              const std::vector<std::string>& known) {
  std::vector<std::string> problems;
  auto error = scan_placeholders(
      text, [](std::string_view) {},
      [&](const std::string& name) {
        if (std::find(known.begin(), known.end(), name) == known.end())
          problems.push_back("uses the unknown placeholder {{" + name + "}}");
      });
  if (error) problems.push_back(*error);
  return problems;
}

std::string fill_placeholders(
    std::string_view text,
    const std::function<std::optional<std::string>(const std::string& name)>& value,
    const std::function<std::string(std::string_view)>& escape) {
  std::string out;
  scan_placeholders(
      text, [&](std::string_view lit) { out += lit; },
      [&](const std::string& name) {
        if (auto v = value(name)) out += escape(*v);
      });
  return out;
}

std::string markdown_escape(std::string_view text) {
  // What starts or ends inline syntax, a block (headings, lists, quotes,
  // tables, setext underlines), an entity or raw HTML. "1." and "1)" start
  // a list, so a dot or parenthesis after a digit is escaped too.
  static constexpr const char* kSyntax = "\\`*_{}[]()<>#+-!|~&=";
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  char previous = ' ';
  for (char ch : text) {
    if (ch == '\r' || ch == '\n') ch = ' ';
    bool syntax = ch != '\0' && std::strchr(kSyntax, ch) != nullptr;
    if (syntax || ((ch == '.' || ch == ')') && previous >= '0' && previous <= '9')) out += '\\';
    out += ch;
    previous = ch;
  }
  return out;
}

}  // namespace escalated::core
