#include "core/kb.h"

#include <algorithm>
#include <dtl/dtl.hpp>
#include <set>

namespace escalated::core::kb {
namespace {

bool ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The code points of a UTF-8 word (bytes of a broken sequence count alone),
// ASCII lower-cased.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 1;
    if (i + n > s.size()) n = 1;
    char32_t cp = n == 1 ? static_cast<char32_t>(ascii_lower(static_cast<char>(c)))
                         : static_cast<char32_t>(c & (0x7F >> n));
    for (std::size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

// The words of a text as search cuts it: runs of ASCII letters and digits
// and of bytes of multi-byte UTF-8 characters, with where each lies and its
// ASCII lower-cased form. One rule for queries, titles and snippets.
struct TextWord {
  std::size_t begin = 0, end = 0;
  std::string lower;
};
std::vector<TextWord> text_words(std::string_view text) {
  auto in_word = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return ascii_alnum(u) || u >= 0x80;
  };
  std::vector<TextWord> out;
  for (std::size_t i = 0; i < text.size();) {
    if (!in_word(text[i])) {
      ++i;
      continue;
    }
    TextWord w{i, i, {}};
    while (w.end < text.size() && in_word(text[w.end])) w.lower += ascii_lower(text[w.end++]);
    i = w.end;
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.emplace_back(text.substr(start));
      break;
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string_view to_string(Audience a) {
  switch (a) {
    case Audience::kPublic:
      return "public";
    case Audience::kCustomers:
      return "customers";
    case Audience::kStaff:
      return "staff";
  }
  return "public";
}

std::optional<Audience> parse_audience(std::string_view text) {
  for (auto a : {Audience::kPublic, Audience::kCustomers, Audience::kStaff})
    if (to_string(a) == text) return a;
  return std::nullopt;
}

std::string_view to_string(Status s) {
  return s == Status::kPublished ? "published" : "draft";
}

std::optional<Status> parse_status(std::string_view text) {
  if (text == "draft") return Status::kDraft;
  if (text == "published") return Status::kPublished;
  return std::nullopt;
}

std::vector<Audience> readable_audiences(const Actor* actor) {
  if (!actor) return {Audience::kPublic};
  if (!actor->is_staff()) return {Audience::kPublic, Audience::kCustomers};
  return {Audience::kPublic, Audience::kCustomers, Audience::kStaff};
}

bool may_read(const Actor* actor, Audience audience) {
  auto all = readable_audiences(actor);
  return std::find(all.begin(), all.end(), audience) != all.end();
}

bool sees_staff_side(const Actor& actor) {
  return (actor.is_staff() && actor.can(Permission::kKbView)) || actor.can(Permission::kKbCreate) ||
         actor.can(Permission::kKbEdit) || actor.can(Permission::kKbPublish);
}

std::optional<std::string> slug_error(std::string_view slug) {
  const std::string rule = "must be 1-120 of a-z, 0-9 and single hyphens between them";
  if (slug.empty() || slug.size() > 120 || slug.front() == '-' || slug.back() == '-') return rule;
  char previous = 0;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return rule;
    previous = c;
  }
  return std::nullopt;
}

std::string slugify(std::string_view title) {
  std::string out;
  bool gap = false;
  for (char c : title) {
    if (ascii_alnum(static_cast<unsigned char>(c))) {
      if (gap && !out.empty()) out += '-';
      gap = false;
      out += ascii_lower(c);
    } else {
      gap = true;
    }
    if (out.size() >= 120) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 120);
}

bool parent_makes_cycle(std::int64_t id, std::int64_t parent,
                        const std::map<std::int64_t, std::optional<std::int64_t>>& parents) {
  std::optional<std::int64_t> at = parent;
  std::size_t depth = 1;
  std::set<std::int64_t> seen;
  while (at) {
    if (*at == id || !seen.insert(*at).second) return true;
    if (++depth > kMaxCategoryDepth) return true;
    auto it = parents.find(*at);
    if (it == parents.end()) break;
    at = it->second;
  }
  return false;
}

std::string_view to_string(DiffLine::Op op) {
  switch (op) {
    case DiffLine::Op::kEqual:
      return "equal";
    case DiffLine::Op::kInsert:
      return "insert";
    case DiffLine::Op::kDelete:
      return "delete";
  }
  return "equal";
}

std::vector<DiffLine> line_diff(std::string_view before, std::string_view after) {
  std::vector<std::string> a = split_lines(before), b = split_lines(after);
  std::vector<DiffLine> out;
  // Pending removals and insertions of one changed run, written removals first.
  std::vector<DiffLine> dels, ins;
  auto flush = [&] {
    for (auto& d : dels) out.push_back(std::move(d));
    for (auto& d : ins) out.push_back(std::move(d));
    dels.clear();
    ins.clear();
  };
  // dtl (Debian libdtl-dev): Wu's O(NP) shortest edit script over lines.
  dtl::Diff<std::string, std::vector<std::string>> diff(a, b);
  diff.compose();
  for (const auto& [line, info] : diff.getSes().getSequence()) {
    if (info.type == dtl::SES_ADD) {
      ins.push_back({DiffLine::Op::kInsert, line});
    } else if (info.type == dtl::SES_DELETE) {
      dels.push_back({DiffLine::Op::kDelete, line});
    } else {
      flush();
      out.push_back({DiffLine::Op::kEqual, line});
    }
  }
  flush();
  return out;
}

std::vector<std::string> search_words(std::string_view query) {
  std::vector<std::string> words;
  for (TextWord& w : text_words(query)) {
    if (words.size() >= kMaxSearchWords) break;
    std::string word = std::move(w.lower);
    // Cut at a character boundary.
    if (word.size() > kMaxSearchWordBytes) {
      std::size_t cut = kMaxSearchWordBytes;
      while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
      word.resize(cut);
    }
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

std::string snippet(std::string_view body, const std::vector<std::string>& words,
                    bool last_is_prefix) {
  struct Word {
    std::size_t begin, end;
    int match;  // index into words, or -1
  };
  // Body words as search_words cuts them, with the query word each matches.
  std::vector<Word> found;
  for (const TextWord& t : text_words(body)) {
    int match = -1;
    for (std::size_t w = 0; w < words.size() && match < 0; ++w) {
      const bool prefix = last_is_prefix && w + 1 == words.size();
      if (t.lower == words[w] || (prefix && t.lower.starts_with(words[w])))
        match = static_cast<int>(w);
    }
    found.push_back({t.begin, t.end, match});
  }
  if (found.empty()) return "";
  // The window of kSnippetWords words holding the most distinct matches,
  // then the most matches, slid over the body one word at a time...
  const std::size_t span = std::min(kSnippetWords, found.size());
  std::vector<int> inside(words.size(), 0);
  std::size_t distinct = 0, hits = 0, best = 0, best_distinct = 0, best_hits = 0;
  auto add = [&](const Word& w, int delta) {
    if (w.match < 0) return;
    int& n = inside[static_cast<std::size_t>(w.match)];
    if (delta > 0 && n++ == 0) ++distinct;
    if (delta < 0 && --n == 0) --distinct;
    hits = delta > 0 ? hits + 1 : hits - 1;
  };
  for (std::size_t k = 0; k < found.size(); ++k) {
    add(found[k], 1);
    if (k >= span) add(found[k - span], -1);
    if (k + 1 >= span &&
        (distinct > best_distinct || (distinct == best_distinct && hits > best_hits))) {
      best_distinct = distinct;
      best_hits = hits;
      best = k + 1 - span;
    }
  }
  // ...moved on to begin a few words before its first match, so the reader
  // sees the matches with their lead-in rather than after a long run-up.
  std::size_t first = best;
  while (first < best + span && found[first].match < 0) ++first;
  if (first < best + span)
    best = std::min(first - std::min<std::size_t>(first, 3), found.size() - span);

  const std::size_t last = best + span;  // one past the window's last word
  std::string out = best > 0 ? "…" : std::string(body.substr(0, found[0].begin));
  for (std::size_t k = best; k < last; ++k) {
    const Word& w = found[k];
    if (k > best) out += body.substr(found[k - 1].end, w.begin - found[k - 1].end);
    if (w.match >= 0) out += '\x01';
    out += body.substr(w.begin, w.end - w.begin);
    if (w.match >= 0) out += '\x02';
  }
  out += last < found.size() ? std::string("…") : std::string(body.substr(found.back().end));
  return out;
}

std::vector<std::string> any_word_terms(std::vector<std::string> words) {
  std::vector<std::string> long_words;
  for (const auto& w : words) {
    if (code_points(w).size() >= 3) long_words.push_back(w);
  }
  return long_words.empty() ? words : long_words;
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
  auto x = code_points(a), y = code_points(b);
  if (static_cast<int>(x.size()) - static_cast<int>(y.size()) > limit ||
      static_cast<int>(y.size()) - static_cast<int>(x.size()) > limit)
    return limit + 1;
  // Three rows: a swap of two neighbours is one edit (optimal string alignment).
  std::vector<int> before(y.size() + 1), prev(y.size() + 1), cur(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (std::size_t j = 1; j <= y.size(); ++j) {
      int cost = x[i - 1] == y[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[y.size()], limit + 1);
}

std::optional<int> typo_distance(const std::vector<std::string>& query_words,
                                 std::string_view title) {
  // Every word of the title (search_words keeps only the first few).
  std::vector<std::string> title_words;
  for (TextWord& w : text_words(title)) title_words.push_back(std::move(w.lower));
  int total = 0;
  bool any = false;
  for (const auto& q : query_words) {
    std::size_t length = code_points(q).size();
    if (length < 3) continue;
    any = true;
    int limit = length <= 5 ? 1 : 2;
    int best = limit + 1;
    for (const auto& t : title_words) {
      if (t.size() >= q.size() && t.compare(0, q.size(), q) == 0) {
        best = 0;
        break;
      }
      best = std::min(best, edit_distance(q, t, limit));
    }
    if (best > limit) return std::nullopt;
    total += best;
  }
  if (!any) return std::nullopt;
  return total;
}

bool needs_work(std::int64_t helpful, std::int64_t not_helpful) {
  std::int64_t votes = helpful + not_helpful;
  return votes >= kNeedsWorkMinVotes && helpful * 2 < votes;
}

std::int64_t utc_day(std::int64_t millis) {
  constexpr std::int64_t kDay = 86'400'000;
  return millis >= 0 ? millis / kDay : (millis - kDay + 1) / kDay;
}

}  // namespace escalated::core::kb

namespace escalated::core::kb {

std::optional<std::string> normalize_locale(std::string_view locale) {
  std::string out;
  std::size_t part = 0, length = 0;
  for (char c : locale) {
    if (c == '-' || c == '_') {
      if (length == 0 || (part == 0 && length < 2)) return std::nullopt;
      if (++part > 1) return std::nullopt;
      length = 0;
      out += '-';
    } else if (ascii_alnum(static_cast<unsigned char>(c))) {
      if (part == 0 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
      if (++length > (part == 0 ? 3 : 4)) return std::nullopt;
      out += ascii_lower(c);
    } else {
      return std::nullopt;
    }
  }
  if (length < 2) return std::nullopt;
  return out;
}

std::string_view search_config(std::string_view locale) {
  static const std::pair<std::string_view, std::string_view> kConfigs[] = {
      {"ar", "arabic"},     {"da", "danish"},     {"de", "german"},     {"el", "greek"},
      {"en", "english"},    {"es", "spanish"},    {"fi", "finnish"},    {"fr", "french"},
      {"ga", "irish"},      {"hu", "hungarian"},  {"id", "indonesian"}, {"it", "italian"},
      {"lt", "lithuanian"}, {"nb", "norwegian"},  {"ne", "nepali"},     {"nl", "dutch"},
      {"no", "norwegian"},  {"pt", "portuguese"}, {"ro", "romanian"},   {"ru", "russian"},
      {"sv", "swedish"},    {"ta", "tamil"},      {"tr", "turkish"}};
  std::string_view language = locale.substr(0, locale.find('-'));
  for (const auto& [code, config] : kConfigs)
    if (code == language) return config;
  return "simple";
}

bool unspaced_script(std::string_view locale) {
  std::string_view language = locale.substr(0, locale.find('-'));
  return language == "ja" || language == "ko" || language == "zh";
}

bool needs_publish(Status before, Status after, bool text_changed) {
  return before != after || (after == Status::kPublished && text_changed);
}

bool publishes_version(Status after, bool was_new, Status before, bool text_changed) {
  return after == Status::kPublished && (was_new || before != after || text_changed);
}

std::vector<std::int64_t> subtree(
    std::int64_t root, const std::map<std::int64_t, std::optional<std::int64_t>>& parents) {
  std::vector<std::int64_t> out{root};
  for (std::size_t i = 0; i < out.size() && out.size() <= parents.size(); ++i)
    for (const auto& [id, parent] : parents)
      if (parent == out[i] && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

}  // namespace escalated::core::kb
