// Authentication-Results (RFC 8601): the header that decides whether a
// staff member's e-mail is trusted as their reply. Any value parses or is
// refused; the DMARC check reads the first line as the header and the rest
// as the From domain.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth_results.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  escalated::fuzz::FuzzInput in(data, size);
  std::string header(in.until("\n"));
  std::string domain(in.rest());
  escalated::core::parse_authentication_results(header);
  escalated::core::dmarc_passed({header}, "mx.example.com", domain);
  return 0;
}
