#include "core/locale.h"

#include <algorithm>
#include <vector>

#include "core/text.h"

namespace escalated::core {
namespace {

// "PT_br" -> "pt-br".
std::string normalized(std::string_view tag) {
  std::string out = lower(trim(tag));
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::vector<std::string_view> subtags(std::string_view tag) {
  std::vector<std::string_view> out;
  while (true) {
    auto dash = tag.find('-');
    out.push_back(tag.substr(0, dash));
    if (dash == std::string_view::npos) break;
    tag.remove_prefix(dash + 1);
  }
  return out;
}

// RFC 9110 qvalue: "0", "1", "0.xyz", "1.000"; -1 when malformed.
int parse_qvalue(std::string_view q) {
  if (q.empty() || q.size() > 5 || (q[0] != '0' && q[0] != '1')) return -1;
  int whole = q[0] - '0';
  int thousandths = 0;
  if (q.size() > 1) {
    if (q[1] != '.') return -1;
    int scale = 100;
    for (std::size_t i = 2; i < q.size(); ++i, scale /= 10) {
      if (q[i] < '0' || q[i] > '9') return -1;
      thousandths += (q[i] - '0') * scale;
    }
  }
  int value = whole * 1000 + thousandths;
  return value > 1000 ? -1 : value;
}

}  // namespace

std::string locale_list() {
  std::string list;
  for (std::string_view l : kLocales) {
    if (!list.empty()) list += ", ";
    list += l;
  }
  return list;
}

bool supported_locale(std::string_view tag) {
  return std::find(kLocales.begin(), kLocales.end(), tag) != kLocales.end();
}

std::optional<std::string> match_locale(std::string_view tag) {
  std::string t = normalized(tag);
  if (t.empty() || t == "*") return std::nullopt;
  for (std::string_view locale : kLocales)
    if (t == lower(std::string(locale))) return std::string(locale);
  std::vector<std::string_view> parts = subtags(t);
  std::string_view language = parts.front();
  if (language == "zh") {
    for (std::size_t i = 1; i < parts.size(); ++i)
      if (parts[i] == "hant" || parts[i] == "tw" || parts[i] == "hk" || parts[i] == "mo")
        return std::nullopt;
    return "zh-CN";
  }
  if (language == "pt") return "pt-BR";
  for (std::string_view locale : kLocales)
    if (locale.size() == language.size() && language == locale) return std::string(locale);
  return std::nullopt;
}

std::optional<std::string> locale_from_accept_language(std::string_view header) {
  struct Range {
    std::string tag;
    int q;
    std::size_t order;
  };
  std::vector<Range> ranges;
  header = header.substr(0, 4096);  // 32 ranges fit many times over
  std::vector<std::string> items = split_list(header, ',');
  for (std::size_t i = 0; i < items.size() && ranges.size() < 32; ++i) {
    std::vector<std::string> params = split_list(items[i], ';');
    if (params.empty()) continue;
    int q = 1000;
    for (std::size_t p = 1; p < params.size(); ++p) {
      std::string param = lower(params[p]);
      if (param.rfind("q=", 0) == 0) q = parse_qvalue(trim(param.substr(2)));
    }
    if (q <= 0) continue;  // refused, or malformed
    ranges.push_back({params.front(), q, i});
  }
  std::stable_sort(ranges.begin(), ranges.end(),
                   [](const Range& a, const Range& b) { return a.q > b.q; });
  for (const Range& r : ranges)
    if (auto locale = match_locale(r.tag)) return locale;
  return std::nullopt;
}

std::string effective_locale(const std::optional<std::string>& chosen,
                             std::optional<std::string_view> accept_language,
                             const std::string& default_locale) {
  if (chosen && supported_locale(*chosen)) return *chosen;
  if (accept_language)
    if (auto locale = locale_from_accept_language(*accept_language)) return *locale;
  return supported_locale(default_locale) ? default_locale : std::string(kFallbackLocale);
}

}  // namespace escalated::core
