// The agents' search language (`status:open priority>=high "exact phrase"`)
// and the word splitter the full-text indexes share. Anything typed into the
// search box either parses or is a SearchSyntaxError naming a position.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ticket_search.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    escalated::core::parse_ticket_search(input);
  } catch (const escalated::core::SearchSyntaxError&) {
  }
  escalated::core::search_tokens(input);
  return 0;
}
