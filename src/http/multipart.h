// A small, strict multipart/form-data reader (RFC 7578) for uploads: the
// whole body is in memory already, so parts are copied out of it. Anything
// malformed is a 400 problem (core::BadRequest), never a crash; a part over
// the size limit is a 413.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::http {

struct MultipartPart {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // set for file parts (may be "")
  std::string content_type;             // "type/subtype" in lower case; "" when absent or invalid
  std::string data;
};

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_header_bytes = 8192;  // per part, all header lines together
  std::size_t max_part_bytes = static_cast<std::size_t>(-1);
};

// The boundary when `content_type` is multipart/form-data; nullopt for any
// other type. BadRequest when it is multipart/form-data without a valid
// boundary parameter (1 to 70 characters of RFC 2046's set).
std::optional<std::string> form_data_boundary(std::string_view content_type);

// The parts of a multipart/form-data body, in order. Lines end in CRLF; the
// body starts with the first delimiter (no preamble) and must reach the
// closing delimiter. Every part needs `Content-Disposition: form-data;
// name="..."` (quoted strings with backslash escapes, or tokens).
std::vector<MultipartPart> parse_form_data(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits = {});

}  // namespace escalated::http
