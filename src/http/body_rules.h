// What a route takes as its body (issue 13, item 9): declared next to its
// Access, judged from the request line and headers alone, so the transport
// can refuse a body before reading any of it (Helpdesk::admit_body), and the
// pipeline judges the same way again for hosts with their own server.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace escalated::http {

// The kinds of body a route declares.
enum class Body {
  kJson,       // JSON (or none): MaxBodyBytes; 64 KiB on public routes
  kMultipart,  // JSON, or multipart/form-data with files up to Attachments' limit
  kMail,       // JSON, or a raw message (message/rfc822, text/plain) up to Email.MaxInboundKb
};

// The sizes a Body stands for, from the Options.
struct BodyLimits {
  std::size_t json = 1 << 20;           // MaxBodyBytes
  std::size_t public_json = 64 * 1024;  // on routes anyone may call (never above `json`)
  std::size_t multipart = 1 << 20;      // Attachments.max_multipart_bytes()
  std::size_t mail = 1 << 20;           // Email.MaxInboundKb
};

struct BodyVerdict {
  int status = 0;  // 0: read it, up to max_bytes; else 413 or 415, read nothing
  std::string detail;
  std::size_t max_bytes = 0;
};

// The verdict for a body of `content_length` bytes (when the header says)
// and `content_type` sent to a route declaring `body`, public or not.
BodyVerdict judge_body(Body body, bool public_route, std::string_view content_type,
                       std::optional<std::size_t> content_length, const BodyLimits& limits);

// The media type of a Content-Type value, lower case, without parameters.
std::string media_type(std::string_view content_type);

}  // namespace escalated::http
