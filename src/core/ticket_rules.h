// Rules of the ticket lifecycle that do not depend on storage: references,
// and the status moves that replies cause.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ticket_status.h"

namespace escalated::core {

// "ESC-00042": the prefix, a dash and the id padded to at least five digits.
std::string format_reference(std::string_view prefix, std::int64_t id);

// Reads a path segment naming a ticket: its numeric id ("42") or its reference
// ("ESC-00042", prefix compared case-insensitively). Nullopt for anything else.
std::optional<std::int64_t> parse_ticket_key(std::string_view prefix, std::string_view key);

// The status an agent's public reply moves a ticket to, if any: work that was
// with the team now waits on the customer.
std::optional<TicketStatus> status_after_agent_reply(TicketStatus current);

// The status the requester's reply moves a ticket to, if any: the ball is back
// with the team, and a resolved ticket is reopened.
std::optional<TicketStatus> status_after_requester_reply(TicketStatus current);

// Replies and notes are refused on closed tickets (they must be reopened first).
inline bool accepts_replies(TicketStatus s) {
  return s != TicketStatus::kClosed;
}

}  // namespace escalated::core
