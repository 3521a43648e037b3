#include "core/ticket_rules.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace escalated::core {

std::string format_reference(std::string_view prefix, std::int64_t id) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%05lld", static_cast<long long>(id));
  std::string out(prefix);
  out += '-';
  out += digits;
  return out;
}

std::optional<std::int64_t> parse_ticket_key(std::string_view prefix, std::string_view key) {
  auto parse_number = [](std::string_view digits) -> std::optional<std::int64_t> {
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || value <= 0)
      return std::nullopt;
    return value;
  };
  if (!key.empty() && std::isdigit(static_cast<unsigned char>(key[0]))) return parse_number(key);
  if (key.size() <= prefix.size() + 1 || key[prefix.size()] != '-') return std::nullopt;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(key[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i])))
      return std::nullopt;
  }
  return parse_number(key.substr(prefix.size() + 1));
}

std::optional<TicketStatus> status_after_agent_reply(TicketStatus current) {
  switch (current) {
    case TicketStatus::kOpen:
    case TicketStatus::kInProgress:
    case TicketStatus::kWaitingOnAgent:
    case TicketStatus::kReopened:
      return TicketStatus::kWaitingOnCustomer;
    default:
      return std::nullopt;
  }
}

std::optional<TicketStatus> status_after_requester_reply(TicketStatus current) {
  switch (current) {
    case TicketStatus::kWaitingOnCustomer:
      return TicketStatus::kWaitingOnAgent;
    case TicketStatus::kResolved:
      return TicketStatus::kReopened;
    default:
      return std::nullopt;
  }
}

}  // namespace escalated::core
