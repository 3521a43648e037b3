// Plain text from HTML that someone else wrote (the HTML part of an e-mail),
// for bodies that are stored and shown as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escalated::security {

// Sanitises the HTML (sanitize_html: script, style and the like go with
// their content), then writes its text: block elements and <br> end lines,
// list items start with "- ", links keep their target in parentheses when it
// differs from the text, and lines inside <blockquote> start with "> " (so
// that quoted history can be recognised and trimmed like plain-text quotes).
// Runs of blank lines collapse to one. The result is valid UTF-8.
std::string html_to_text(std::string_view html);

// Ceilings for html_to_text: no input, however nested, makes more than
// max_bytes of text, and quotes deeper than max_quote_depth are written at
// that depth (each line would otherwise carry two bytes per level: 3,000
// nested <blockquote>s around 20,000 short lines made 120 MB). HTML beyond
// max_input_bytes is not read (the parser's own ceiling grows with input).
struct TextLimits {
  std::size_t max_input_bytes = 512 * 1024;
  std::size_t max_bytes = 1024 * 1024;
  int max_quote_depth = 16;
};
struct BoundedText {
  std::string text;
  // A ceiling cut it (the text is the start only) or flattened it (nesting
  // past the sanitiser's depth cap).
  bool truncated = false;
};
BoundedText html_to_bounded_text(std::string_view html, const TextLimits& limits = {});

}  // namespace escalated::security
