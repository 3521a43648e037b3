// Writes an outgoing notification as an RFC 5322 message: the headers our
// threading needs, and a MIME multipart/alternative body (text/plain and
// text/html, UTF-8, quoted-printable). Pure: no I/O, the date comes in.
//
// Header injection is impossible by construction: every value that came from
// a person (names, subjects) passes header_text(), which turns CR, LF and
// every other control character into a space, and is then written either as
// a quoted string of printable ASCII or as RFC 2047 encoded-words (base64),
// neither of which can hold a line break. Addresses are written only when
// plausible_address() accepts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace escalated::services::mail {

struct Address {
  std::string name;   // display name, any UTF-8; may be empty
  std::string email;  // local@domain
};

// "Name <local@domain>", "<local@domain>" or "local@domain" (surrounding
// spaces and quotes around the name dropped).
Address parse_address(std::string_view text);
// A plain ASCII addr-spec we are willing to write into a header and hand to
// SMTP: one '@', no spaces, no control characters, none of <>()[],;:\" .
bool plausible_address(std::string_view email);

// The value with CR, LF, tabs and other control characters (C0, DEL) turned
// into spaces, runs of spaces collapsed and the ends trimmed.
std::string header_text(std::string_view value);
// `value` (after header_text) as it may follow "Name: ": unchanged when it is
// short printable ASCII, otherwise RFC 2047 encoded-words ("=?UTF-8?B?...?="),
// folded onto continuation lines, never splitting a UTF-8 character.
std::string encode_header(std::string_view value);
// "Name <local@domain>" with the name quoted or encoded; just the address
// when the name is empty.
std::string format_address(const Address& a);
// "Fri, 27 Nov 2026 05:21:00 +0000".
std::string rfc5322_date(std::int64_t millis);
// Quoted-printable (RFC 2045) with CRLF line ends: lines of at most 76
// characters, '=' and non-ASCII encoded, a '.' starting a line encoded too.
std::string quoted_printable(std::string_view text);

struct OutgoingMessage {
  Address from;
  Address to;
  std::optional<std::string> reply_to;  // an address, when replies should go elsewhere
  std::string subject;
  std::string message_id;   // "<...>"
  std::string in_reply_to;  // "<...>" or "" (the root of a thread)
  std::string references;   // "<...>" or ""
  std::int64_t date = 0;    // milliseconds since the epoch
  std::string text;
  std::string html;
};

// The whole message, CRLF line ends, ready for SMTP DATA. An empty (or
// blank) `html` makes it a plain text/plain message.
std::string compose(const OutgoingMessage& m);

}  // namespace escalated::services::mail
