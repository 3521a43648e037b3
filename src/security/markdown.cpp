#include "security/markdown.h"

#include <cmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include "security/html_sanitizer.h"

namespace escalated::security {
namespace {

// Deliberately not CMARK_OPT_UNSAFE; see the header.
constexpr int kOptions = CMARK_OPT_VALIDATE_UTF8;

struct FreeNode {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct FreeIter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
struct FreeChars {
  void operator()(char* p) const { std::free(p); }
};

bool is_leaf(cmark_node_type type) {
  switch (type) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
      return true;
    default:
      return false;
  }
}

// How deeply nodes nest: 1 for an empty document, 2 for a paragraph, 3 for
// emphasis in a paragraph or a paragraph in a quote. Leaves do not count;
// the iterator enters them but never exits.
int nesting_depth(cmark_node* document) {
  std::unique_ptr<cmark_iter, FreeIter> iter(cmark_iter_new(document));
  int depth = 0;
  int deepest = 0;
  for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    if (is_leaf(cmark_node_get_type(cmark_iter_get_node(iter.get())))) continue;
    if (event == CMARK_EVENT_ENTER) {
      deepest = std::max(deepest, ++depth);
    } else if (event == CMARK_EVENT_EXIT) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

std::string render_markdown(std::string_view markdown) {
  std::unique_ptr<cmark_node, FreeNode> document(
      cmark_parse_document(markdown.data(), markdown.size(), kOptions));
  if (!document) throw std::runtime_error("cmark failed to parse Markdown");
  if (nesting_depth(document.get()) > kMaxMarkdownNesting) return escape_as_preformatted(markdown);
  std::unique_ptr<char, FreeChars> html(cmark_render_html(document.get(), kOptions));
  if (!html) throw std::runtime_error("cmark failed to render Markdown");
  // The output cap: cmark's HTML is a small multiple of its input; more is
  // shown as the source.
  if (std::strlen(html.get()) > kMaxMarkdownHtmlBase + kMaxMarkdownHtmlPerByte * markdown.size())
    return escape_as_preformatted(markdown);
  if (std::optional<std::string> safe = try_sanitize_html(html.get())) return std::move(*safe);
  return escape_as_preformatted(markdown);
}

}  // namespace escalated::security
