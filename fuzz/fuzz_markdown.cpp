// Markdown (the body of every reply, note, canned response and article) and
// the HTML sanitiser (e-mail HTML, and the Markdown renderer's output). What
// comes out is shown to other people, so besides not crashing it must hold
// no element the sanitiser exists to remove.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "security/html_sanitizer.h"
#include "security/markdown.h"

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// An attribute value as a browser reads a URL in it: numeric character
// references and &colon; decoded, tabs, newlines and controls dropped.
std::string url_as_browsers_read_it(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 7, "&colon;") == 0) {
      out += ':';
      i += 6;
    } else if (value.compare(i, 2, "&#") == 0) {
      bool hex = i + 2 < value.size() && value[i + 2] == 'x';
      std::size_t digits = i + (hex ? 3 : 2);
      // Up to 8 digits (the value is lower-cased already).
      std::size_t end =
          std::min({value.find_first_not_of(hex ? "0123456789abcdef" : "0123456789", digits),
                    value.size(), digits + 8});
      unsigned long code = 0;
      std::from_chars(value.data() + digits, value.data() + end, code, hex ? 16 : 10);
      if (end == digits) {
        out += value[i];
        continue;
      }
      if (code < 128) out += static_cast<char>(code);
      i = end < value.size() && value[end] == ';' ? end : end - 1;
    } else if (static_cast<unsigned char>(value[i]) > 0x20) {
      out += value[i];
    }
  }
  return lower(out);
}

[[noreturn]] void unsafe(const char* what, std::string_view tag, const std::string& html) {
  std::fprintf(stderr, "%s kept %.*s in:\n%s\n", what, static_cast<int>(tag.size()), tag.data(),
               html.c_str());
  std::abort();
}

// Every element of the output (text is escaped, so each '<' opens one): its
// name is not one the sanitiser removes, no attribute is an event handler,
// and no attribute value is a script URL.
void require_safe(const std::string& html, const char* what) {
  for (std::size_t open = html.find('<'); open != std::string::npos;
       open = html.find('<', open + 1)) {
    std::size_t close = html.find('>', open);
    std::string tag = lower(std::string_view(html).substr(open, close - open));
    std::size_t name_start = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
    std::size_t name_end = std::min(tag.find_first_of(" \t\n/", name_start), tag.size());
    std::string name = tag.substr(name_start, name_end - name_start);
    for (const char* bad :
         {"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link"})
      if (name == bad) unsafe(what, tag, html);
    // Attributes: name="value", name='value' or name=value.
    std::size_t i = name_end;
    while (i < tag.size()) {
      std::size_t name_at = tag.find_first_not_of(" \t\n/", i);
      if (name_at == std::string::npos) break;
      std::size_t eq = tag.find_first_of("= \t\n", name_at);
      std::string attribute = tag.substr(name_at, eq - name_at);
      if (attribute.rfind("on", 0) == 0) unsafe(what, tag, html);
      if (eq == std::string::npos || tag[eq] != '=') {
        i = eq;
        continue;
      }
      std::size_t value_at = eq + 1;
      std::size_t value_end;
      if (value_at < tag.size() && (tag[value_at] == '"' || tag[value_at] == '\'')) {
        value_end = tag.find(tag[value_at], value_at + 1);
        ++value_at;
      } else {
        value_end = tag.find_first_of(" \t\n", value_at);
      }
      std::string value =
          url_as_browsers_read_it(std::string_view(tag).substr(value_at, value_end - value_at));
      for (const char* scheme : {"javascript:", "vbscript:", "data:text/html"})
        if (value.rfind(scheme, 0) == 0) unsafe(what, tag, html);
      i = value_end == std::string::npos ? value_end : value_end + 1;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  require_safe(escalated::security::render_markdown(input), "render_markdown");
  bool capped = false;
  require_safe(escalated::security::sanitize_html(input, capped), "sanitize_html");
  return 0;
}
