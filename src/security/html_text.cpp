#include "security/html_text.h"

#include <string>

#include "security/html_sanitizer.h"

namespace escalated::security {
namespace {

// The sanitiser writes a known shape: allow-listed tags whose attribute
// values are escaped (no raw '>' inside a tag) and text in which only
// & < > " are escaped. So a linear scan is enough to read it back.
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    std::string_view entity = semi == std::string_view::npos ? "" : s.substr(i, semi - i + 1);
    if (entity == "&amp;") {
      out += '&';
    } else if (entity == "&lt;") {
      out += '<';
    } else if (entity == "&gt;") {
      out += '>';
    } else if (entity == "&quot;") {
      out += '"';
    } else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

bool is_block(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "p",  "div", "br", "hr", "h1",  "h2",    "h3",    "h4",         "h5",   "h6",
      "li", "tr",  "ul", "ol", "pre", "table", "tbody", "blockquote", "thead"};
  for (auto b : kBlocks)
    if (tag == b) return true;
  return false;
}

std::string attribute(std::string_view tag_text, std::string_view name) {
  std::string key = " " + std::string(name) + "=\"";
  auto at = tag_text.find(key);
  if (at == std::string_view::npos) return "";
  auto start = at + key.size();
  auto end = tag_text.find('"', start);
  if (end == std::string_view::npos) return "";
  return unescape(tag_text.substr(start, end - start));
}

// Writes text under a ceiling: once max_bytes are written everything else
// is dropped (full() says so), and blank runs collapse as they are written,
// so the text is never held twice at full size.
class TextWriter {
 public:
  explicit TextWriter(const TextLimits& limits) : limits_(limits) {}

  void text(std::string_view t) {
    for (char ch : t) {
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      if (ch == ' ' && !pre_ && (at_line_start_ || last_space_)) continue;
      if (at_line_start_) start_line();
      put(ch);
      last_space_ = ch == ' ';
    }
  }
  void preformatted(std::string_view t) {
    for (char ch : t) {
      if (ch == '\r') continue;
      if (ch == '\n') {
        line_break();
        continue;
      }
      if (at_line_start_) start_line();
      put(ch);
    }
  }
  void line_break() {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    // At most one blank line in a row, and none at the start.
    std::size_t newlines = 0;
    while (newlines < out_.size() && out_[out_.size() - 1 - newlines] == '\n') ++newlines;
    if (!out_.empty() && newlines < 2) put('\n');
    at_line_start_ = true;
    last_space_ = false;
  }
  void block_break() {
    if (!at_line_start_) line_break();
  }
  void raw(std::string_view t) {
    if (at_line_start_) start_line();
    for (char ch : t) put(ch);
    last_space_ = false;
  }
  bool full() const { return full_; }
  int quote_depth = 0;
  bool pre_ = false;
  BoundedText finish() {
    // A quote prefix alone on a line is no text: trim spaces, '>' stays.
    auto e = out_.find_last_not_of(" \n");
    out_.resize(e == std::string::npos ? 0 : e + 1);
    out_.erase(0, out_.find_first_not_of(" \n"));
    // Cut at a character boundary.
    if (full_)
      while (!out_.empty() && (static_cast<unsigned char>(out_.back()) & 0xC0) == 0x80)
        out_.pop_back();
    return {std::move(out_), full_};
  }

 private:
  void put(char ch) {
    if (out_.size() >= limits_.max_bytes) {
      full_ = true;
      return;
    }
    out_ += ch;
  }
  void start_line() {
    int depth = quote_depth < limits_.max_quote_depth ? quote_depth : limits_.max_quote_depth;
    for (int i = 0; i < depth; ++i) {
      put('>');
      put(' ');
    }
    at_line_start_ = false;
  }
  const TextLimits& limits_;
  std::string out_;
  bool at_line_start_ = true;
  bool last_space_ = false;
  bool full_ = false;
};

}  // namespace

std::string html_to_text(std::string_view html) {
  return html_to_bounded_text(html).text;
}

BoundedText html_to_bounded_text(std::string_view html, const TextLimits& limits) {
  bool cut_input = html.size() > limits.max_input_bytes;
  if (cut_input) html = html.substr(0, limits.max_input_bytes);
  bool capped = false;
  std::string clean = sanitize_html(html, capped);
  TextWriter w(limits);
  std::string pending_href;
  std::string link_text;
  bool in_link = false;
  std::size_t i = 0;
  while (i < clean.size() && !w.full()) {
    if (clean[i] != '<') {
      auto next = clean.find('<', i);
      if (next == std::string::npos) next = clean.size();
      std::string text = unescape(std::string_view(clean).substr(i, next - i));
      if (in_link) link_text += text;
      if (w.pre_)
        w.preformatted(text);
      else
        w.text(text);
      i = next;
      continue;
    }
    auto close = clean.find('>', i);
    if (close == std::string::npos) break;
    std::string_view tag_text = std::string_view(clean).substr(i + 1, close - i - 1);
    i = close + 1;
    bool closing = !tag_text.empty() && tag_text.front() == '/';
    if (closing) tag_text.remove_prefix(1);
    std::string_view name = tag_text.substr(0, tag_text.find_first_of(" /"));
    if (name == "blockquote") {
      w.block_break();
      w.quote_depth += closing ? -1 : 1;
      if (w.quote_depth < 0) w.quote_depth = 0;
      continue;
    }
    if (name == "pre") w.pre_ = !closing;
    if (name == "a") {
      if (!closing) {
        pending_href = attribute(tag_text, "href");
        link_text.clear();
        in_link = true;
      } else if (in_link) {
        in_link = false;
        if (!pending_href.empty() && pending_href != link_text &&
            pending_href != "mailto:" + link_text)
          w.raw(" (" + pending_href + ")");
      }
      continue;
    }
    if (name == "img" && !closing) {
      std::string alt = attribute(tag_text, "alt");
      if (!alt.empty()) w.text("[" + alt + "]");
      continue;
    }
    if (name == "li" && !closing) {
      w.block_break();
      w.raw("- ");
      continue;
    }
    if (name == "td" || name == "th") {
      if (closing) w.text(" ");
      continue;
    }
    if (is_block(name)) {
      if (name == "br") {
        w.line_break();
      } else {
        w.block_break();
        // A paragraph ends with a blank line, as Markdown separates them.
        if (closing && name == "p") w.line_break();
      }
    }
  }
  BoundedText out = w.finish();
  out.truncated = out.truncated || cut_input || capped;
  return out;
}

}  // namespace escalated::security
