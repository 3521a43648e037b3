// How our mail names its tickets, so that a reply finds its way back: the
// Message-IDs we write, the signed Reply-To address and the subject
// reference. Writers (notifications) and readers (inbound mail) share this
// one file, so the two can never disagree on a format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::security {

// "<ticket-42@example.com>": the root of a ticket's mail thread.
std::string ticket_message_id(std::int64_t ticket_id, std::string_view domain);
// "<ticket-42-reply-7@example.com>": one reply (or notification about it).
std::string reply_message_id(std::int64_t ticket_id, std::int64_t reply_id,
                             std::string_view domain);

struct ThreadReference {
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> reply_id;
};
// Reads one of our own Message-IDs ("<ticket-42@d>" or
// "<ticket-42-reply-7@d>", angle brackets optional, domain compared without
// case). Anything else, including our format under another domain, is nullopt.
std::optional<ThreadReference> parse_message_id(std::string_view message_id,
                                                std::string_view domain);
// Every message id in an In-Reply-To or References header ("<a> <b>\r\n <c>").
std::vector<std::string> split_message_ids(std::string_view header);

// The first 16 hex characters of HMAC-SHA256(key = secret, message = the
// decimal ticket id).
std::string reply_signature(std::int64_t ticket_id, std::string_view secret);
// "reply+42.0123456789abcdef@example.com".
std::string reply_address(std::int64_t ticket_id, std::string_view secret, std::string_view domain);
// The ticket id of a signed reply address, when its signature is right
// (compared in constant time) and its domain is ours. A forged, truncated or
// foreign address is nullopt. Accepts "Name <reply+...@d>" too.
std::optional<std::int64_t> verify_reply_address(std::string_view address, std::string_view secret,
                                                 std::string_view domain);

// "[ESC-00042]": the reference put in subjects (at least five digits).
std::string subject_reference(std::string_view prefix, std::int64_t ticket_id);
// The ticket id of the first "[PREFIX-n]" in a subject (prefix compared
// without case), or nullopt.
std::optional<std::int64_t> parse_subject_reference(std::string_view subject,
                                                    std::string_view prefix);

}  // namespace escalated::security
