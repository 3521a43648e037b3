// multipart/form-data (attachments on replies and new tickets). The first
// line is the Content-Type header's value, the rest the body. Malformed
// input is a BadRequest (400) or PayloadTooLarge, never a crash.
#include <cstdint>
#include <string_view>

#include "core/errors.h"
#include "fuzz_input.h"
#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  escalated::fuzz::FuzzInput in(data, size);
  std::string_view content_type = in.until("\n");
  try {
    auto boundary = escalated::http::form_data_boundary(content_type);
    if (!boundary) return 0;
    escalated::http::MultipartLimits limits;
    limits.max_part_bytes = 64 * 1024;
    escalated::http::parse_form_data(in.rest(), *boundary, limits);
  } catch (const escalated::core::Error&) {
  }
  return 0;
}
