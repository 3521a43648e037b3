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

class TextWriter {
 public:
  void text(std::string_view t) {
    for (char ch : t) {
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      if (ch == ' ' && !pre_ && (at_line_start_ || last_space_)) continue;
      if (at_line_start_) start_line();
      out_ += ch;
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
      out_ += ch;
    }
  }
  void line_break() {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    out_ += '\n';
    at_line_start_ = true;
    last_space_ = false;
  }
  void block_break() {
    if (!at_line_start_) line_break();
  }
  void raw(std::string_view t) {
    if (at_line_start_) start_line();
    out_ += t;
    last_space_ = false;
  }
  int quote_depth = 0;
  bool pre_ = false;
  std::string finish() {
    // Collapse blank runs and trim.
    std::string result;
    int newlines = 0;
    for (char ch : out_) {
      if (ch == '\n') {
        if (++newlines > 2) continue;
      } else {
        newlines = 0;
      }
      result += ch;
    }
    auto b = result.find_first_not_of(" \n");
    if (b == std::string::npos) return "";
    return result.substr(b, result.find_last_not_of(" \n") - b + 1);
  }

 private:
  void start_line() {
    for (int i = 0; i < quote_depth; ++i) out_ += "> ";
    at_line_start_ = false;
  }
  std::string out_;
  bool at_line_start_ = true;
  bool last_space_ = false;
};

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string clean = sanitize_html(html);
  TextWriter w;
  std::string pending_href;
  std::string link_text;
  bool in_link = false;
  std::size_t i = 0;
  while (i < clean.size()) {
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
  return w.finish();
}

}  // namespace escalated::security
