// Ticket and reply bodies are written in Markdown (CommonMark) and shown as
// HTML. Whoever writes a body - a customer, or anyone who can send e-mail -
// must not be able to run script in an agent's browser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escalated::security {

// HTML for a Markdown body, safe to insert into a page as it is.
//
// cmark renders it without CMARK_OPT_UNSAFE: raw HTML in the Markdown becomes
// an HTML comment and link or image URLs with a javascript:, vbscript:, file:
// or (non-raster-image) data: scheme become empty. Invalid UTF-8 is replaced.
// The result then goes through sanitize_html() all the same, so a flaw in
// either is not enough; that drops cmark's comments and empty hrefs and adds
// rel="noopener noreferrer nofollow" to links, and otherwise leaves cmark's
// output as it was. Plain CommonMark: no tables or strikethrough (those are
// GitHub extensions), and a single newline is a space, not a line break.
// Markdown nested deeper than kMaxMarkdownNesting (quotes in lists in
// quotes ..., or emphasis in emphasis), which no person writes but which makes
// HTML parsing quadratic, is shown as its source, escaped, in a <pre>; so is
// Markdown whose HTML is too costly to sanitise for any other reason.
std::string render_markdown(std::string_view markdown);

inline constexpr int kMaxMarkdownNesting = 100;
// The output cap: HTML longer than this base plus so many bytes per byte of
// Markdown is not used (the source is shown instead).
inline constexpr std::size_t kMaxMarkdownHtmlBase = 1u << 20;
inline constexpr std::size_t kMaxMarkdownHtmlPerByte = 16;

}  // namespace escalated::security
