#include "http/body_rules.h"

#include <algorithm>

namespace escalated::http {

std::string media_type(std::string_view content_type) {
  std::string_view head = content_type.substr(0, content_type.find(';'));
  while (!head.empty() && (head.back() == ' ' || head.back() == '\t')) head.remove_suffix(1);
  while (!head.empty() && (head.front() == ' ' || head.front() == '\t')) head.remove_prefix(1);
  std::string out(head);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

BodyVerdict judge_body(Body body, bool public_route, std::string_view content_type,
                       std::optional<std::size_t> content_length, const BodyLimits& limits) {
  BodyVerdict v;
  std::string type = media_type(content_type);
  if (type == "multipart/form-data") {
    // Files go only where a route declares them: elsewhere the multipart
    // reader (and its larger limit) is never reached.
    if (body != Body::kMultipart) {
      v.status = 415;
      v.detail = "This route does not take multipart/form-data; send application/json.";
      return v;
    }
    v.max_bytes = limits.multipart;
  } else if (body == Body::kMail && (type == "message/rfc822" || type == "text/plain")) {
    v.max_bytes = limits.mail;
  } else {
    v.max_bytes = public_route ? std::min(limits.public_json, limits.json) : limits.json;
  }
  if (content_length && *content_length > v.max_bytes) {
    v.status = 413;
    v.detail =
        "The body is larger than this route accepts (" + std::to_string(v.max_bytes) + " bytes).";
  }
  return v;
}

}  // namespace escalated::http
