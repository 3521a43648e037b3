// An allow-list HTML sanitiser for every piece of HTML shown to a browser that
// we did not write ourselves: e-mail bodies, and the Markdown renderer's
// output as a second line of defence.
//
// The input is parsed the way a browser parses it (gumbo, an HTML5 parser, in
// the context of a <div>) and a new document is written from the tree, so
// nothing the tree does not hold survives: no comments, no unknown
// attributes, no half-open tag the browser might finish differently. What is
// written:
//   - these elements, in the HTML namespace: p br hr h1-h6 strong b em i u s
//     del code pre blockquote ul ol li a img table thead tbody tr th td span
//     div sub sup;
//   - these attributes only: a href title; img src alt title; td/th colspan
//     rowspan align; ol start; code class when it is "language-<name>" (what
//     the Markdown renderer writes for fenced code, kept for highlighting);
//     attribute values are checked for their shape (numbers are numbers);
//   - rel="noopener noreferrer nofollow" on every <a>;
//   - text of any other element, escaped, except script style iframe frame
//     frameset object embed applet svg math template noscript noembed
//     noframes title head, and anything outside the HTML namespace, which go
//     with everything inside them.
// URLs must pass safe_url(). Output is UTF-8 (the parser replaces invalid
// bytes with U+FFFD); void elements are written as "<br />", like cmark.
//
// Parsing has a ceiling on memory (16 MiB + 64 bytes per input byte) and on
// time (250 ms + 1 us per input byte) - far above what real documents need,
// far below what pathological nesting costs. The output has a depth cap
// (elements nested deeper than 256 lose their tags, not their text) and an
// output cap (1 MiB + 8 bytes per input byte; past it the input counts as too
// costly). Size limits on bodies remain the caller's business. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace escalated::security {

// The sanitised HTML; input too costly to parse is returned whole as escaped
// text in a <pre> (escape_as_preformatted).
std::string sanitize_html(std::string_view html);
// The same; `capped` is set when a cap changed the result (nesting past the
// depth cap lost its tags, or the input was too costly and came back as text).
std::string sanitize_html(std::string_view html, bool& capped);

// The sanitised HTML, or nullopt when the input was too costly to parse.
std::optional<std::string> try_sanitize_html(std::string_view html);
std::optional<std::string> try_sanitize_html(std::string_view html, bool& capped);

// `text` as a <pre> element that shows it literally (invalid UTF-8 replaced).
std::string escape_as_preformatted(std::string_view text);

enum class UrlUse { kLink, kImage };

// The URL as it may be written into an href (kLink) or img src (kImage), or
// nullopt. Allowed: http, https and relative URLs; for links also mailto; for
// images also cid (inline parts of an e-mail) and base64 data URLs of raster
// images (data:image/png|gif|jpeg|webp;base64,...) - no SVG, which can carry
// script. A relative URL may not have a ':' before its first '/', '?' or '#',
// so anything a browser could read as a scheme must be one of those.
//
// `url` is the attribute value after entity decoding (what the parser hands
// over). Browsers drop leading and trailing control characters and spaces and
// every tab and newline inside a URL before they read its scheme, so
// "\x01 java\tscript:" is javascript:; the check does the same, and the
// cleaned URL is what is returned.
std::optional<std::string> safe_url(std::string_view url, UrlUse use);

// Escapes text for HTML text and double-quoted attribute values (& < > ");
// '<' and '>' are escaped in attributes too, for the benefit of anything that
// reads the HTML with less care than a browser.
void append_escaped(std::string_view text, std::string& out);
std::string html_escape(std::string_view text);

}  // namespace escalated::security
