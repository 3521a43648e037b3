#include "security/html_sanitizer.h"

#include <gumbo.h>

#include <chrono>
#include <csetjmp>
#include <cstddef>
#include <cstdlib>
#include <utility>
#include <vector>

namespace escalated::security {
namespace {

enum class Kind { kKeep, kUnwrap, kDrop };

// What becomes of an element: written with its children, replaced by its
// children, or gone with them.
Kind kind_of(const GumboElement& e) {
  // Foreign content (SVG, MathML) is parsed by other rules, where names like
  // <style> or attributes like xlink:href mean something else.
  if (e.tag_namespace != GUMBO_NAMESPACE_HTML) return Kind::kDrop;
  switch (e.tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_I:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_A:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
      return Kind::kKeep;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_HEAD:
      return Kind::kDrop;
    default:
      return Kind::kUnwrap;
  }
}

bool is_void(GumboTag tag) {
  return tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR || tag == GUMBO_TAG_IMG;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s, std::size_t max_length) {
  if (s.empty() || s.size() > max_length) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

bool is_raster_data_url(std::string_view url) {
  static constexpr std::string_view kPrefixes[] = {
      "data:image/png;base64,", "data:image/gif;base64,", "data:image/jpeg;base64,",
      "data:image/webp;base64,"};
  for (std::string_view prefix : kPrefixes) {
    if (!starts_with_ci(url, prefix)) continue;
    std::string_view payload = url.substr(prefix.size());
    if (payload.empty()) return false;
    for (char c : payload) {
      bool base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' ||
                    c == '/' || c == '=';
      if (!base64) return false;
    }
    return true;
  }
  return false;
}

bool is_code_language_class(std::string_view value) {
  constexpr std::string_view kPrefix = "language-";
  if (value.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view name = value.substr(kPrefix.size());
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
              c == '-' || c == '+' || c == '#' || c == '.';
    if (!ok) return false;
  }
  return true;
}

void append_attribute(std::string_view name, std::string_view value, std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  append_escaped(value, out);
  out += '"';
}

// The attribute as it may be written on this element, or nullopt.
std::optional<std::string> allowed_attribute(GumboTag tag, std::string_view name,
                                             std::string_view value) {
  switch (tag) {
    case GUMBO_TAG_A:
      if (name == "href") return safe_url(value, UrlUse::kLink);
      if (name == "title") return std::string(value);
      return std::nullopt;
    case GUMBO_TAG_IMG:
      if (name == "src") return safe_url(value, UrlUse::kImage);
      if (name == "alt" || name == "title") return std::string(value);
      return std::nullopt;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      if (name == "colspan" || name == "rowspan") {
        if (all_digits(value, 5)) return std::string(value);
      } else if (name == "align") {
        std::string lower;
        for (char c : value) lower += ascii_lower(c);
        if (lower == "left" || lower == "center" || lower == "right" || lower == "justify") {
          return lower;
        }
      }
      return std::nullopt;
    case GUMBO_TAG_OL:
      if (name == "start") {
        std::string_view digits = value.substr(0, 1) == "-" ? value.substr(1) : value;
        if (all_digits(digits, 9)) return std::string(value);
      }
      return std::nullopt;
    case GUMBO_TAG_CODE:
      if (name == "class" && is_code_language_class(value)) return std::string(value);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

void append_start_tag(const GumboElement& e, std::string& out) {
  out += '<';
  out += gumbo_normalized_tagname(e.tag);
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (std::optional<std::string> value =
            allowed_attribute(e.tag, attribute->name, attribute->value)) {
      append_attribute(attribute->name, *value, out);
    }
  }
  if (e.tag == GUMBO_TAG_A) append_attribute("rel", "noopener noreferrer nofollow", out);
  out += is_void(e.tag) ? " />" : ">";
}

// HTML parsing has two known ways to make a small input expensive, both in
// the standard and so in gumbo: every start tag of a block element looks
// through the whole stack of open elements (quadratic time in the nesting
// depth: 100 000 nested <div>s take half a minute), and formatting elements
// closed by a block are re-opened at the next text (45 kB of
// "<b id=N>..." and "<div>x</div>" build a 1.5 GB tree). So every byte gumbo
// allocates comes from here, against a ceiling on memory and on time; when one
// is reached the allocator jumps out of the parser (plain C, nothing to
// unwind) and everything it allocated is freed in one sweep.
struct alignas(std::max_align_t) Block {
  Block* prev;
  Block* next;
  std::size_t size;
};

struct ParseBudget {
  std::size_t max_bytes = 0;
  std::chrono::steady_clock::time_point deadline;
  std::size_t live_bytes = 0;
  unsigned allocations = 0;
  Block* blocks = nullptr;  // every live allocation, to free all at once
  std::jmp_buf* escape = nullptr;
};

// Generous for real documents: e-mail HTML needs about 10 bytes per input
// byte, a page of nothing but short tags about 40.
constexpr std::size_t kBaseParseBytes = 16u << 20;
constexpr std::size_t kParseBytesPerInputByte = 64;
// The sanitised HTML is about as long as the input (attributes dropped,
// rel added to links); far more means a tree the parser blew up.
constexpr std::size_t kBaseOutputBytes = 1u << 20;
constexpr std::size_t kOutputBytesPerInputByte = 8;
// Deeper than any real document; what html_to_text or a browser then reads.
constexpr std::size_t kMaxWrittenDepth = 256;
// Real documents parse at well under 0.2 us per byte.
constexpr auto kBaseParseTime = std::chrono::milliseconds(250);
constexpr auto kParseTimePerInputByte = std::chrono::nanoseconds(1000);

void* budget_allocate(void* userdata, std::size_t size) {
  auto* budget = static_cast<ParseBudget*>(userdata);
  bool late =
      ++budget->allocations % 32 == 0 && std::chrono::steady_clock::now() > budget->deadline;
  if (late || size > budget->max_bytes - budget->live_bytes) std::longjmp(*budget->escape, 1);
  auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
  if (block == nullptr) std::longjmp(*budget->escape, 1);
  block->prev = nullptr;
  block->next = budget->blocks;
  block->size = size;
  if (budget->blocks != nullptr) budget->blocks->prev = block;
  budget->blocks = block;
  budget->live_bytes += size;
  return block + 1;
}

void budget_free(void* userdata, void* pointer) {
  if (pointer == nullptr) return;
  auto* budget = static_cast<ParseBudget*>(userdata);
  Block* block = static_cast<Block*>(pointer) - 1;
  if (block->prev != nullptr) block->prev->next = block->next;
  if (block->next != nullptr) block->next->prev = block->prev;
  if (budget->blocks == block) budget->blocks = block->next;
  budget->live_bytes -= block->size;
  std::free(block);
}

void free_all(ParseBudget& budget) {
  while (budget.blocks != nullptr) {
    Block* next = budget.blocks->next;
    std::free(budget.blocks);
    budget.blocks = next;
  }
  budget.live_bytes = 0;
}

// The parse, or nullptr when the budget ran out. Kept apart so that nothing
// local to the function that calls setjmp changes before the longjmp.
GumboOutput* parse_within(const GumboOptions* options, std::string_view html, ParseBudget* budget) {
  std::jmp_buf escape;
  budget->escape = &escape;
  if (setjmp(escape) != 0) return nullptr;
  return gumbo_parse_with_options(options, html.data(), html.size());
}

// Appends `text` with invalid UTF-8 sequences replaced by U+FFFD.
void append_valid_utf8(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    std::size_t length = c < 0x80                   ? 1
                         : (c >= 0xc2 && c <= 0xdf) ? 2
                         : (c >= 0xe0 && c <= 0xef) ? 3
                         : (c >= 0xf0 && c <= 0xf4) ? 4
                                                    : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (byte(i + k) & 0xc0) == 0x80;
    if (valid && length == 3) {
      unsigned char c1 = byte(i + 1);
      valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);  // overlong, surrogate
    } else if (valid && length == 4) {
      unsigned char c1 = byte(i + 1);
      valid = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);  // overlong, > U+10FFFF
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
}

// Writes the allowed part of the children of `root`. Iterative, with an
// explicit stack, so a deeply nested document cannot exhaust the C++ stack.
// Elements nested deeper than kMaxWrittenDepth are unwrapped (their text is
// kept, their tags are not), so no reader of the output (html_to_text, a
// browser) meets more nesting than that. False when the output would pass
// `max_bytes`.
bool serialize_children(const GumboNode& root, std::string& out, std::size_t max_bytes,
                        bool& capped) {
  struct Frame {
    const GumboVector* children;
    unsigned next;
    const char* close;  // the end tag to write after the children, or nullptr
  };
  std::vector<Frame> stack;
  stack.push_back({&root.v.element.children, 0, nullptr});
  // The parser drops a newline straight after <pre>; when the text inside
  // starts with one, it must be written twice to survive the next parse.
  bool after_pre = false;
  std::size_t written_depth = 0;
  while (!stack.empty()) {
    if (out.size() > max_bytes) return false;
    Frame& frame = stack.back();
    if (frame.next == frame.children->length) {
      if (frame.close != nullptr) {
        out += "</";
        out += frame.close;
        out += '>';
        after_pre = false;
        --written_depth;
      }
      stack.pop_back();
      continue;
    }
    const auto* node = static_cast<const GumboNode*>(frame.children->data[frame.next++]);
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE: {
        std::string_view text = node->v.text.text;
        if (after_pre && !text.empty() && text.front() == '\n') out += '\n';
        append_escaped(text, out);
        if (!text.empty()) after_pre = false;
        break;
      }
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& e = node->v.element;
        Kind kind = kind_of(e);
        if (kind == Kind::kDrop) break;
        bool too_deep = written_depth >= kMaxWrittenDepth && !is_void(e.tag);
        if (too_deep && kind != Kind::kUnwrap) capped = true;
        if (kind == Kind::kUnwrap || too_deep) {
          stack.push_back({&e.children, 0, nullptr});
          break;
        }
        append_start_tag(e, out);
        after_pre = e.tag == GUMBO_TAG_PRE;
        if (!is_void(e.tag)) {
          stack.push_back({&e.children, 0, gumbo_normalized_tagname(e.tag)});
          ++written_depth;
        }
        break;
      }
      default:
        // Comments, CDATA (only found in foreign content), <template> contents
        // and document nodes are never written.
        break;
    }
  }
  return out.size() <= max_bytes;
}

}  // namespace

std::optional<std::string> safe_url(std::string_view url, UrlUse use) {
  std::size_t begin = 0;
  std::size_t end = url.size();
  while (begin < end && static_cast<unsigned char>(url[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(url[end - 1]) <= 0x20) --end;
  std::string clean;
  for (char c : url.substr(begin, end - begin)) {
    if (c != '\t' && c != '\n' && c != '\r') clean += c;
  }
  if (clean.empty()) return std::nullopt;

  std::size_t stop = clean.find_first_of(":/?#");
  if (stop == std::string::npos || clean[stop] != ':') return clean;  // relative
  std::string scheme;
  for (char c : std::string_view(clean).substr(0, stop)) scheme += ascii_lower(c);
  if (scheme == "http" || scheme == "https") return clean;
  if (use == UrlUse::kLink && scheme == "mailto") return clean;
  if (use == UrlUse::kImage && scheme == "cid") return clean;
  if (use == UrlUse::kImage && scheme == "data" && is_raster_data_url(clean)) return clean;
  return std::nullopt;
}

std::optional<std::string> try_sanitize_html(std::string_view html) {
  bool capped = false;
  return try_sanitize_html(html, capped);
}

std::optional<std::string> try_sanitize_html(std::string_view html, bool& capped) {
  ParseBudget budget;
  budget.max_bytes = kBaseParseBytes + kParseBytesPerInputByte * html.size();
  budget.deadline = std::chrono::steady_clock::now() + kBaseParseTime +
                    kParseTimePerInputByte * static_cast<std::int64_t>(html.size());
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = budget_allocate;
  options.deallocator = budget_free;
  options.userdata = &budget;
  // Parse as the inner HTML of a <div>, so that the input is taken as body
  // content and nothing is moved into a <head> we would then drop.
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 0;  // we never read them; an attacker could make many

  std::optional<std::string> out;
  if (GumboOutput* output = parse_within(&options, html, &budget)) {
    out.emplace();
    out->reserve(html.size());
    if (output->root != nullptr && output->root->type == GUMBO_NODE_ELEMENT &&
        !serialize_children(*output->root, *out,
                            kBaseOutputBytes + kOutputBytesPerInputByte * html.size(), capped))
      out.reset();
  }
  // Instead of gumbo_destroy_output, which recurses once per level of nesting.
  free_all(budget);
  return out;
}

std::string sanitize_html(std::string_view html) {
  bool capped = false;
  return sanitize_html(html, capped);
}

std::string sanitize_html(std::string_view html, bool& capped) {
  if (std::optional<std::string> out = try_sanitize_html(html, capped)) return std::move(*out);
  capped = true;
  return escape_as_preformatted(html);
}

std::string escape_as_preformatted(std::string_view text) {
  std::string valid;
  append_valid_utf8(text, valid);
  std::string out = "<pre>";
  if (!valid.empty() && valid.front() == '\n') out += '\n';
  append_escaped(valid, out);
  out += "</pre>";
  return out;
}

void append_escaped(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(text, out);
  return out;
}

}  // namespace escalated::security
