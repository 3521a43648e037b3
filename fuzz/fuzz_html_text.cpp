// HTML → text (the HTML part of inbound mail) and the quoted-history trimmer
// that runs on its result. The ceilings of issue 13 (one 74 KB message made
// 400 MB) are checked here as properties: no input, however nested, yields
// more than max_bytes of text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/mail_quote.h"
#include "security/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  escalated::security::TextLimits limits;
  limits.max_bytes = 64 * 1024;
  limits.max_quote_depth = 8;
  auto text = escalated::security::html_to_bounded_text(input, limits);
  if (text.text.size() > limits.max_bytes) {
    std::fprintf(stderr, "html_to_bounded_text wrote %zu bytes, over its ceiling of %zu\n",
                 text.text.size(), limits.max_bytes);
    std::abort();
  }
  escalated::core::trim_quoted_history(text.text);
  escalated::core::trim_quoted_history(input);
  return 0;
}
