// The one place that knows GMime: raw RFC 5322 bytes in, a plain struct out.
// Everything in the struct is valid UTF-8, whatever charsets (declared,
// wrong or missing) the message used.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::mail {

struct MailAddress {
  std::string address;  // as written, e.g. "Ann@Example.com"
  std::string name;     // display name, decoded; "" when none
};

struct MailAttachment {
  std::string filename;   // decoded (RFC 2047/2231); "" when the part had none
  std::string mime_type;  // "type/subtype"
  std::string data;       // transfer encoding removed
};

struct ParsedMail {
  std::optional<MailAddress> from;
  std::vector<std::string> recipients;  // To and Cc addresses
  std::string subject;                  // decoded
  std::string message_id;               // without angle brackets, "" when absent
  std::string in_reply_to;              // raw header values, "" when absent
  std::string references;
  // Auto-Submitted other than "no", Precedence bulk/junk/list, or an
  // X-Autoreply/X-Autorespond header: a machine wrote it.
  bool automatic = false;
  // Every Authentication-Results header (RFC 8601), unfolded, top first (at
  // most 20): what the receiving servers found of SPF, DKIM and DMARC.
  std::vector<std::string> authentication_results;
  std::string text;  // the first text/plain body part
  std::string html;  // the first text/html body part (unsanitised)
  std::vector<MailAttachment> attachments;
};

struct MimeLimits {
  int max_parts = 100;  // MIME parts in all
  int max_depth = 8;    // multiparts and attached messages inside each other
};

// A message that cannot be read or breaks a limit; what() says why.
class MailParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

ParsedMail parse_mail(std::string_view raw, const MimeLimits& limits = {});

}  // namespace escalated::mail
