#include "core/ticket_search.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <utility>

#include "core/enums.h"
#include "core/errors.h"
#include "core/tag_name.h"
#include "core/text.h"
#include "core/ticket_status.h"

namespace escalated::core {

namespace {

constexpr Millis kHour = 3'600'000;
constexpr Millis kDay = 24 * kHour;

struct FieldName {
  std::string_view name;
  SearchField field;
};
constexpr std::array<FieldName, 10> kFields = {{{"status", SearchField::kStatus},
                                                {"priority", SearchField::kPriority},
                                                {"assignee", SearchField::kAssignee},
                                                {"tag", SearchField::kTag},
                                                {"department", SearchField::kDepartment},
                                                {"requester", SearchField::kRequester},
                                                {"created", SearchField::kCreated},
                                                {"updated", SearchField::kUpdated},
                                                {"sla", SearchField::kSla},
                                                {"has", SearchField::kHas}}};

enum class Op { kEq, kLt, kLe, kGt, kGe };

bool is_blank(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}
bool is_operator_char(char ch) {
  return ch == ':' || ch == '=' || ch == '<' || ch == '>';
}
bool is_word_char(char ch) {
  auto u = static_cast<unsigned char>(ch);
  return u >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
         (ch >= 'A' && ch <= 'Z');
}

// "2026-01-31" as the instant its UTC day starts; nullopt for anything else.
std::optional<Millis> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto num = [&text](size_t at, size_t len, int& out) {
    auto r = std::from_chars(text.data() + at, text.data() + at + len, out);
    return r.ec == std::errc() && r.ptr == text.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count();
}

// "7d", "12h", "2w" as milliseconds; nullopt for anything else.
std::optional<Millis> parse_age(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  Millis unit = 0;
  switch (text.back()) {
    case 'h':
      unit = kHour;
      break;
    case 'd':
      unit = kDay;
      break;
    case 'w':
      unit = 7 * kDay;
      break;
    default:
      return std::nullopt;
  }
  auto digits = text.substr(0, text.size() - 1);
  auto n = positive_int(digits);
  if (!n || *n > 100'000) return std::nullopt;
  return *n * unit;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& field) : s_(text), field_(field) {}

  TicketSearch run() {
    if (s_.size() > kMaxSearchLength)
      fail(kMaxSearchLength, "must be at most " + std::to_string(kMaxSearchLength) + " characters");
    TicketSearch out;
    size_t i = 0;
    while (true) {
      while (i < s_.size() && is_blank(s_[i])) ++i;
      if (i >= s_.size()) break;
      size_t start = i;
      bool negated = false;
      if (s_[i] == '-' && i + 1 < s_.size() && !is_blank(s_[i + 1])) {
        negated = true;
        ++i;
      }
      if (s_[i] == '"') {
        auto [phrase, next] = quoted(i);
        i = next;
        add_text(out, phrase, true, negated, start);
        continue;
      }
      size_t name_end = i;
      while (name_end < s_.size() && ((s_[name_end] >= 'a' && s_[name_end] <= 'z') ||
                                      (s_[name_end] >= 'A' && s_[name_end] <= 'Z')))
        ++name_end;
      if (name_end > i && name_end < s_.size() && is_operator_char(s_[name_end])) {
        i = filter(out, lower(std::string(s_.substr(i, name_end - i))), negated, start, i,
                   name_end);
        continue;
      }
      size_t end = i;
      while (end < s_.size() && !is_blank(s_[end])) ++end;
      add_text(out, std::string(s_.substr(i, end - i)), false, negated, start);
      i = end;
    }
    // Only the last word is a prefix: each prefix term merges the entries of
    // every word it begins, which one word at a time can afford.
    for (auto t = out.texts.rbegin(); t != out.texts.rend(); ++t) {
      if (t->phrase || t->negated) continue;
      t->prefix = !t->tokens.empty() && t->tokens.back().size() >= kMinSearchPrefix;
      break;
    }
    return out;
  }

 private:
  [[noreturn]] void fail(size_t position, const std::string& message) const {
    throw SearchSyntaxError(field_, message, position);
  }

  // The text between the quote at `open` and its partner; returns it and the
  // position after the closing quote.
  std::pair<std::string, size_t> quoted(size_t open) const {
    size_t close = s_.find('"', open + 1);
    if (close == std::string_view::npos)
      fail(open, "has a quote that is never closed: expected a closing \"");
    return {std::string(s_.substr(open + 1, close - open - 1)), close + 1};
  }

  void add_text(TicketSearch& out, std::string text, bool phrase, bool negated,
                size_t position) const {
    SearchText t;
    t.tokens = search_tokens(text);
    if (phrase && t.tokens.empty())
      fail(position, "has an empty phrase: expected words between the quotes");
    if (t.tokens.empty() && negated) return;  // "-" or "-%%": nothing to leave out
    t.text = std::move(text);
    t.phrase = phrase;
    t.negated = negated;
    t.position = position;
    if (out.texts.size() >= kMaxSearchTexts)
      fail(position,
           "has too many words and phrases: expected at most " + std::to_string(kMaxSearchTexts));
    out.texts.push_back(std::move(t));
  }

  // Reads the filter whose name spans [name_at, op_at); returns where the
  // next term may start.
  size_t filter(TicketSearch& out, const std::string& name, bool negated, size_t start,
                size_t name_at, size_t op_at) const {
    auto known = std::find_if(kFields.begin(), kFields.end(),
                              [&name](const FieldName& f) { return f.name == name; });
    if (known == kFields.end())
      fail(name_at, "has an unknown field \"" + name +
                        "\": expected one of status, priority, assignee, tag, department, "
                        "requester, created, updated, sla or has (quote words to search for them)");
    size_t i = op_at;
    Op op = Op::kEq;
    std::string op_text(1, s_[i]);
    if (s_[i] == '<' || s_[i] == '>') {
      bool less = s_[i] == '<';
      ++i;
      if (i < s_.size() && s_[i] == '=') {
        op = less ? Op::kLe : Op::kGe;
        op_text += '=';
        ++i;
      } else {
        op = less ? Op::kLt : Op::kGt;
      }
    } else {
      ++i;
    }
    const std::string written = name + op_text;
    if (i < s_.size() && is_operator_char(s_[i]))
      fail(i, "has \"" + written + "\" followed by another operator: expected a value after \"" +
                  written + "\"");
    size_t value_at = i;
    std::string value;
    if (i < s_.size() && s_[i] == '"') {
      auto [text, next] = quoted(i);
      value = std::move(text);
      i = next;
    } else {
      while (i < s_.size() && !is_blank(s_[i])) ++i;
      value = std::string(s_.substr(value_at, i - value_at));
    }
    if (trim(value).empty()) fail(value_at, "expected a value after \"" + written + "\"");

    SearchFilter f;
    f.field = known->field;
    f.negated = negated;
    f.position = start;
    const bool comparable = f.field == SearchField::kPriority || f.field == SearchField::kCreated ||
                            f.field == SearchField::kUpdated;
    if (op != Op::kEq && !comparable)
      fail(op_at, "has \"" + written + "\": expected \"" + name + ":\" (only priority, created " +
                      "and updated compare with <, <=, > or >=)");
    switch (f.field) {
      case SearchField::kStatus:
        for_each_item(value, value_at, "a status", [&](const std::string& item, size_t at) {
          if (item == "pending") {
            f.values.emplace_back(to_string(TicketStatus::kWaitingOnCustomer));
            f.values.emplace_back(to_string(TicketStatus::kWaitingOnAgent));
          } else if (auto st = parse_status(item)) {
            f.values.emplace_back(to_string(*st));
          } else {
            std::string names;
            for (const auto& n : all_status_names()) names += n + ", ";
            fail(at,
                 "has an unknown status \"" + item + "\": expected one of " + names + "or pending");
          }
        });
        break;
      case SearchField::kPriority:
        priority(f, value, value_at, op);
        break;
      case SearchField::kAssignee:
        for_each_item(value, value_at, "an assignee", [&](const std::string& item, size_t at) {
          if (item != "me" && item != "none" && !positive_int(item))
            fail(at, "has an unknown assignee \"" + item + "\": expected me, none or a user id");
          f.values.push_back(item);
        });
        break;
      case SearchField::kTag:
        for_each_item(value, value_at, "a tag", [&](const std::string& item, size_t at) {
          if (auto problem = tag_name_problem(item)) fail(at, "has a tag that " + *problem);
          f.values.push_back(item);
        });
        break;
      case SearchField::kDepartment:
        for_each_item(value, value_at, "a department",
                      [&](const std::string& item, size_t) { f.values.push_back(item); });
        break;
      case SearchField::kRequester:
        f.values.push_back(lower(trim(value)));
        break;
      case SearchField::kCreated:
      case SearchField::kUpdated:
        moment(f, name, value, value_at, op);
        break;
      case SearchField::kSla:
        if (value != "breached") fail(value_at, "expected \"sla:breached\"");
        f.values.push_back(value);
        break;
      case SearchField::kHas:
        if (value != "attachment" && value != "attachments")
          fail(value_at, "expected \"has:attachment\"");
        f.values.emplace_back("attachment");
        break;
    }
    out.filters.push_back(std::move(f));
    return i;
  }

  template <typename F>
  void for_each_item(const std::string& value, size_t value_at, const char* what, F&& each) const {
    size_t from = 0;
    while (true) {
      size_t comma = value.find(',', from);
      std::string item =
          lower(value.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
      if (item.empty())
        fail(value_at + from, std::string("expected ") + what + (from == 0 ? "" : " after \",\"") +
                                  " in \"" + value + "\"");
      each(item, value_at + from);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }

  void priority(SearchFilter& f, const std::string& value, size_t value_at, Op op) const {
    std::string names;
    for (const auto& n : all_priority_names()) names += (names.empty() ? "" : ", ") + n;
    auto parse = [&](const std::string& item, size_t at) {
      auto p = parse_priority(item);
      if (!p) fail(at, "has an unknown priority \"" + item + "\": expected one of " + names);
      return *p;
    };
    if (op == Op::kEq) {
      for_each_item(value, value_at, "a priority", [&](const std::string& item, size_t at) {
        f.values.emplace_back(to_string(parse(item, at)));
      });
      return;
    }
    if (value.find(',') != std::string::npos)
      fail(value_at, "expected one priority to compare with, not a list");
    int rank = static_cast<int>(parse(lower(value), value_at));
    for (const auto& n : all_priority_names()) {
      int r = static_cast<int>(*parse_priority(n));
      bool keep = (op == Op::kLt && r < rank) || (op == Op::kLe && r <= rank) ||
                  (op == Op::kGt && r > rank) || (op == Op::kGe && r >= rank);
      if (keep) f.values.push_back(n);
    }
    if (f.values.empty()) f.values.emplace_back();  // "priority>critical": matches nothing
  }

  // Dates compare by whole UTC days; ages ("7d") by how long ago:
  // updated<7d is "updated less than 7 days ago".
  void moment(SearchFilter& f, const std::string& name, const std::string& value, size_t value_at,
              Op op) const {
    if (f.negated)
      fail(f.position, "cannot negate \"" + name + "\": compare the other way instead");
    if (auto day = parse_day(value)) {
      SearchMoment start{*day, false}, next{*day + kDay, false};
      switch (op) {
        case Op::kEq:
          f.from = start;
          f.until = next;
          break;
        case Op::kLt:
          f.until = start;
          break;
        case Op::kLe:
          f.until = next;
          break;
        case Op::kGt:
          f.from = next;
          break;
        case Op::kGe:
          f.from = start;
          break;
      }
      return;
    }
    if (auto age = parse_age(value)) {
      SearchMoment then{*age, true};
      if (op == Op::kEq)
        fail(value_at, "expected <, <=, > or >= before an age such as \"" + value + "\"");
      if (op == Op::kLt || op == Op::kLe)
        f.from = then;  // younger than the age: after the moment
      else
        f.until = then;  // older: before it
      return;
    }
    fail(value_at, "has \"" + value + "\" after \"" + name +
                       "\": expected a date (YYYY-MM-DD) or an age such as 12h, 7d or 2w");
  }

  std::string_view s_;
  const std::string& field_;
};

}  // namespace

std::string TicketSearch::bare_text() const {
  std::string out;
  for (const auto& t : texts) {
    if (t.phrase || t.negated) continue;
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

TicketSearch parse_ticket_search(std::string_view query, const std::string& field) {
  return Parser(query, field).run();
}

std::vector<std::string> search_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : text) {
    if (is_word_char(ch)) {
      word += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace escalated::core
