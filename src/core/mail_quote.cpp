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

// Bidirectional marks (LRM, RLM, the embeddings and isolates) that mail
// clients put around names and addresses in right-to-left attributions.
std::string_view trim_marks(std::string_view s) {
  auto mark_at = [](std::string_view t, std::size_t i) {
    if (i + 3 > t.size() || t[i] != '\xE2') return false;
    unsigned char b1 = static_cast<unsigned char>(t[i + 1]);
    unsigned char b2 = static_cast<unsigned char>(t[i + 2]);
    return (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
           (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
  };
  while (true) {
    s = trim(s);
    if (mark_at(s, 0)) {
      s.remove_prefix(3);
    } else if (s.size() >= 3 && mark_at(s, s.size() - 3)) {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

// A date or a time: an ASCII or an Arabic-Indic digit.
bool has_digit(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') return true;
    if (s[i] == '\xD9' && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xA0 &&
        static_cast<unsigned char>(s[i + 1]) <= 0xA9)
      return true;
  }
  return false;
}

// How a mail client introduces the message it quotes, per language: the
// line starts with `start`, holds `middle` and ends with `end`. Without a
// `start` the line must also hold a digit (the date), so that prose such as
// "他写道：" is not taken for one.
struct Attribution {
  std::string_view start;
  std::string_view middle;
  std::string_view end;
};

constexpr Attribution kAttributions[] = {
    {"On ", "", "wrote:"},          // en
    {"On ", "", "writes:"},         // en
    {"Am ", "schrieb", ":"},        // de: Am 03.03.2026 um 10:00 schrieb Ann:
    {"Le ", "", "a écrit :"},       // fr: Le 3 mars 2026, Ann a écrit :
    {"Le ", "", "a écrit\u00A0:"},  // fr, with a no-break space
    {"Le ", "", "a écrit:"},        // fr
    {"El ", "", "escribió:"},       // es: El ..., Ann escribió:
    {"Il ", "", "ha scritto:"},     // it: Il giorno ... Ann ha scritto:
    {"Op ", "schreef", ":"},        // nl: Op ... schreef Ann:
    {"W dniu ", "", "pisze:"},      // pl: W dniu ... Ann pisze:
    {"", "", "napisał(a):"},        // pl (Gmail): ... Ann napisał(a):
    {"Em ", "", "escreveu:"},       // pt: Em ..., Ann escreveu:
    {"", "", "написал(а):"},        // ru: написал(а):
    {"", "", "написал:"},           // ru: написал:
    {"", "", "написала:"},          // ru: написала:
    {"", "", "пишет:"},             // ru: пишет:
    {"", "tarihinde", "yazdı:"},    // tr: ... tarihinde Ann şunu yazdı:
    {"", "", "写道："},             // zh: 写道：
    {"", "", "写道:"},              // zh: 写道:
    {"", "", "書きました:"},        // ja: 書きました:
    {"", "", "書きました："},       // ja: 書きました：
    {"", "", "작성:"},              // ko: 작성:
    {"", "كتب", ":"},               // ar: ... كتب Ann:
};

bool matches(const Attribution& a, std::string_view text) {
  return starts_with_ci(text, a.start) && ends_with(text, a.end) &&
         (a.middle.empty() || text.find(a.middle) != std::string_view::npos) &&
         (!a.start.empty() || has_digit(text));
}

// "On Tue, 3 Mar 2026 at 10:00, Ann <ann@example.com> wrote:" or its
// counterpart in one of the fourteen languages, in one line or (where the
// line starts the way the language's attribution does) wrapped onto the
// next: mail clients wrap long attributions.
bool is_attribution(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view line = trim_marks(lines[i]);
  if (line.empty()) return false;
  std::string joined;
  if (i + 1 < lines.size())
    joined = std::string(line) + " " + std::string(trim_marks(lines[i + 1]));
  for (const Attribution& a : kAttributions) {
    if (matches(a, line)) return true;
    if (!a.start.empty() && !joined.empty() && starts_with_ci(line, a.start) && matches(a, joined))
      return true;
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
