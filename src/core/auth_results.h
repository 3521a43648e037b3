// Authentication-Results (RFC 8601): what a receiving mail server found of
// a message's SPF, DKIM and DMARC, as it wrote it into the header.
//
//   Authentication-Results: mx.example.com 1; spf=pass smtp.mailfrom=a.org;
//     dkim=pass (good) header.d=a.org; dmarc=pass header.from=a.org
//
// The parser follows the RFC's grammar (comments, quoted strings, folding,
// "none", versions, reasons, properties); anything it cannot read is
// nullopt, so a malformed header never counts as a pass. No maintained C or
// C++ library for it ships in Debian (OpenDMARC's parser lives in its milter,
// not in libopendmarc), hence this small one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

struct AuthProperty {
  std::string ptype;     // "smtp", "header", "body", "policy" … (lower case)
  std::string property;  // "mailfrom", "from", "d" … (lower case)
  std::string value;     // as written, quotes removed
};

struct AuthResult {
  std::string method;  // "dmarc", "dkim", "spf" … (lower case, no version)
  std::string result;  // "pass", "fail", "none" … (lower case)
  std::string reason;  // "" when none given
  std::vector<AuthProperty> properties;
};

struct AuthenticationResults {
  std::string authserv_id;          // as written, quotes removed
  std::vector<AuthResult> results;  // empty for "none"
};

// One header's value (without "Authentication-Results:"), or nullopt when it
// does not follow the grammar.
std::optional<AuthenticationResults> parse_authentication_results(std::string_view value);

// Whether one of `headers` (values of Authentication-Results) comes from
// `authserv_id` (compared without case) and says dmarc=pass for
// `from_domain`: its header.from, when given, must be that domain (without
// case). An empty authserv_id trusts nothing.
bool dmarc_passed(const std::vector<std::string>& headers, std::string_view authserv_id,
                  std::string_view from_domain);

}  // namespace escalated::core
