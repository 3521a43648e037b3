#include "core/mail_quote.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace escalated::core {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// "On Tue, 3 Mar 2026 at 10:00, Ann <ann@example.com> wrote:", in one line
// or wrapped onto the next (mail clients wrap long attributions).
bool is_attribution(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view line = trim(lines[i]);
  if (!starts_with_ci(line, "On ")) return false;
  if (ends_with(line, "wrote:") || ends_with(line, "writes:")) return true;
  if (i + 1 < lines.size()) {
    std::string_view next = trim(lines[i + 1]);
    return ends_with(next, "wrote:") || ends_with(next, "writes:");
  }
  return false;
}

// Outlook: "From: Ann <ann@...>" then "Sent: ..." (or "Date:") a line or
// three below, before "To:"/"Subject:".
bool is_outlook_header(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view line = trim(lines[i]);
  if (!starts_with_ci(line, "From:") && !starts_with_ci(line, "*From:*")) return false;
  for (std::size_t j = i + 1; j < lines.size() && j <= i + 3; ++j) {
    std::string_view next = trim(lines[j]);
    if (starts_with_ci(next, "Sent:") || starts_with_ci(next, "Date:") ||
        starts_with_ci(next, "*Sent:*"))
      return true;
  }
  return false;
}

bool is_quote_start(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view line = trim(lines[i]);
  if (line.find(kReplyAboveMarker) != std::string_view::npos) return true;
  if (starts_with_ci(line, "-----Original Message-----") ||
      starts_with_ci(line, "----- Original Message -----"))
    return true;
  if (!line.empty() && line.front() == '>') return true;
  return is_attribution(lines, i) || is_outlook_header(lines, i);
}

}  // namespace

std::string trim_quoted_history(std::string_view text) {
  if (text.size() > kMaxQuoteScanBytes) {
    std::size_t end = kMaxQuoteScanBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::vector<std::string_view> lines = split_lines(text);
  std::size_t end = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_quote_start(lines, i)) {
      end = i;
      break;
    }
  }
  // A signature ("-- " on its own line, RFC 3676) ends the new text as well.
  for (std::size_t i = 0; i < end; ++i) {
    if (lines[i] == "-- ") {
      end = i;
      break;
    }
  }
  // Blank lines and Outlook's "____" rule above the cut go with it.
  auto is_rule_or_blank = [](std::string_view line) {
    line = trim(line);
    return line.find_first_not_of('_') == std::string_view::npos;
  };
  while (end > 0 && is_rule_or_blank(lines[end - 1])) --end;
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  std::string_view kept = trim(out);
  if (kept.empty()) return std::string(trim(text));
  return std::string(kept);
}

}  // namespace escalated::core
