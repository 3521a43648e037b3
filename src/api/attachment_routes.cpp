// Serving attachments. The bytes are whatever someone uploaded, so they are
// never rendered as a page of ours: a download unless the type is a plain
// image, no sniffing, and a CSP that sandboxes anything a browser opens.
#include "api/api.h"

namespace escalated::api {

using http::Access;
using http::RequestContext;

namespace {

// Image types a browser shows without running anything (no SVG).
bool inline_safe(const std::string& mime) {
  return mime == "image/png" || mime == "image/jpeg" || mime == "image/gif" || mime == "image/webp";
}

// RFC 8187 ext-value for filename*: UTF-8'' then attr-chars, the rest %XX.
std::string ext_value(const std::string& name) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool attr = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                std::string_view("!#$&+-.^_`|~").find(ch) != std::string_view::npos;
    if (attr) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

Response download_response(services::Download d) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", d.attachment.mime_type);
  r.set_header("Content-Disposition",
               std::string(inline_safe(d.attachment.mime_type) ? "inline" : "attachment") +
                   "; filename*=" + ext_value(d.attachment.filename));
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
  r.set_header("Cache-Control", "private");
  r.body = std::move(d.bytes);
  return r;
}

std::vector<services::Upload> uploads_from(RequestContext& ctx) {
  std::vector<services::Upload> out;
  for (const auto& part : ctx.uploads())
    out.push_back({part.filename.value_or(""), part.content_type, part.data});
  return out;
}

void register_attachment_routes(http::Router& router, services::AttachmentService& attachments) {
  router.add(
      "GET", "/attachments/{id}", Access::kUser,
      [&attachments](RequestContext& ctx) {
        return download_response(attachments.download(ctx.actor(), ctx.id_param("id")));
      },
      "An attachment's file");
}

}  // namespace escalated::api
