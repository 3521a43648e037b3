#include "core/auth_results.h"

#include <cctype>

#include "core/text.h"

namespace escalated::core {
namespace {

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// A reader of one header value; every method returns false (or nullopt) on
// input that does not follow the grammar, and the parse then fails.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c || at_end()) return false;
    ++i_;
    return true;
  }

  // CFWS: folding white space and comments, which nest and may escape.
  bool skip_cfws() {
    while (!at_end()) {
      if (is_ws(s_[i_])) {
        ++i_;
      } else if (s_[i_] == '(') {
        int depth = 0;
        do {
          if (at_end()) return false;  // an unclosed comment
          char c = s_[i_++];
          if (c == '\\') {
            if (at_end()) return false;
            ++i_;
          } else if (c == '(') {
            if (++depth > 32) return false;
          } else if (c == ')') {
            --depth;
          }
        } while (depth > 0);
      } else {
        break;
      }
    }
    return true;
  }

  // Keyword (RFC 8601: an ldh-str; "_" tolerated), lower-cased.
  std::string keyword() {
    std::size_t start = i_;
    while (!at_end() &&
           (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '_'))
      ++i_;
    return lower(std::string(s_.substr(start, i_ - start)));
  }

  // value: a MIME token or a quoted string (RFC 2045).
  std::optional<std::string> value() {
    if (peek() == '"') return quoted();
    std::size_t start = i_;
    static constexpr std::string_view kSpecials = "()<>@,;:\\\"/[]?=";
    while (!at_end()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c <= ' ' || c == 127 || kSpecials.find(static_cast<char>(c)) != std::string_view::npos)
        break;
      ++i_;
    }
    if (i_ == start) return std::nullopt;
    return std::string(s_.substr(start, i_ - start));
  }

  // pvalue: a value, or [[local-part] "@"] domain-name.
  std::optional<std::string> pvalue() {
    if (peek() == '"') return quoted();
    std::size_t start = i_;
    while (!at_end()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c <= ' ' || c == 127 || c == ';' || c == '(' || c == ')' || c == '"') break;
      ++i_;
    }
    if (i_ == start) return std::nullopt;
    return std::string(s_.substr(start, i_ - start));
  }

  // A keyword followed (after CFWS) by `c`, without consuming anything.
  bool keyword_then(char c) {
    std::size_t saved = i_;
    bool found = !keyword().empty() && skip_cfws() && peek() == c;
    i_ = saved;
    return found;
  }

 private:
  std::optional<std::string> quoted() {
    ++i_;  // the opening quote
    std::string out;
    while (!at_end()) {
      char c = s_[i_++];
      if (c == '"') return out;
      if (c == '\\') {
        if (at_end()) return std::nullopt;
        c = s_[i_++];
      }
      out += c;
    }
    return std::nullopt;  // no closing quote
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::optional<AuthResult> resinfo(Reader& r) {
  AuthResult out;
  out.method = r.keyword();
  if (out.method.empty() || !r.skip_cfws()) return std::nullopt;
  if (r.eat('/')) {  // method-version
    if (!r.skip_cfws()) return std::nullopt;
    std::string version = r.keyword();
    if (version.empty() || !std::isdigit(static_cast<unsigned char>(version[0])) || !r.skip_cfws())
      return std::nullopt;
  }
  if (!r.eat('=') || !r.skip_cfws()) return std::nullopt;
  out.result = r.keyword();
  if (out.result.empty() || !r.skip_cfws()) return std::nullopt;
  // reasonspec, then propspecs, until the next ";" or the end.
  while (!r.at_end() && r.peek() != ';') {
    if (r.keyword_then('=')) {
      if (r.keyword() != "reason" || !out.properties.empty() || !out.reason.empty())
        return std::nullopt;
      r.skip_cfws();
      r.eat('=');
      if (!r.skip_cfws()) return std::nullopt;
      auto reason = r.value();
      if (!reason || !r.skip_cfws()) return std::nullopt;
      out.reason = *reason;
      continue;
    }
    if (!r.keyword_then('.')) return std::nullopt;
    AuthProperty p;
    p.ptype = r.keyword();
    r.skip_cfws();
    r.eat('.');
    if (!r.skip_cfws()) return std::nullopt;
    p.property = r.keyword();
    if (p.property.empty() || !r.skip_cfws() || !r.eat('=') || !r.skip_cfws()) return std::nullopt;
    auto value = r.pvalue();
    if (!value || !r.skip_cfws()) return std::nullopt;
    p.value = std::move(*value);
    out.properties.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::optional<AuthenticationResults> parse_authentication_results(std::string_view value) {
  if (value.size() > 64 * 1024) return std::nullopt;
  Reader r(value);
  AuthenticationResults out;
  if (!r.skip_cfws()) return std::nullopt;
  auto id = r.value();
  if (!id || !r.skip_cfws()) return std::nullopt;
  out.authserv_id = std::move(*id);
  if (std::isdigit(static_cast<unsigned char>(r.peek()))) {  // authres-version
    if (r.keyword().find_first_not_of("0123456789") != std::string::npos || !r.skip_cfws())
      return std::nullopt;
  }
  if (r.at_end()) return std::nullopt;  // neither "none" nor a result
  bool first = true;
  while (!r.at_end()) {
    if (!r.eat(';') || !r.skip_cfws()) return std::nullopt;
    if (r.at_end()) break;  // a trailing ";", as some servers write
    if (first && !r.keyword_then('=')) {
      // no-result: "; none" and nothing after it
      if (r.keyword() != "none" || !r.skip_cfws() || !r.at_end()) return std::nullopt;
      return out;
    }
    first = false;
    auto result = resinfo(r);
    if (!result) return std::nullopt;
    out.results.push_back(std::move(*result));
  }
  return out;
}

bool dmarc_passed(const std::vector<std::string>& headers, std::string_view authserv_id,
                  std::string_view from_domain) {
  if (authserv_id.empty() || from_domain.empty()) return false;
  for (const auto& header : headers) {
    auto parsed = parse_authentication_results(header);
    if (!parsed || !iequals(parsed->authserv_id, authserv_id)) continue;
    for (const auto& result : parsed->results) {
      if (result.method != "dmarc" || result.result != "pass") continue;
      bool same_domain = true;
      for (const auto& p : result.properties) {
        if (p.ptype != "header" || p.property != "from") continue;
        std::string_view domain = p.value;
        if (auto at = domain.rfind('@'); at != std::string_view::npos)
          domain = domain.substr(at + 1);
        same_domain = iequals(domain, from_domain);
      }
      if (same_domain) return true;
    }
  }
  return false;
}

}  // namespace escalated::core
