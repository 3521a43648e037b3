// Plain text from HTML that someone else wrote (the HTML part of an e-mail),
// for bodies that are stored and shown as text.
#pragma once

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

}  // namespace escalated::security
