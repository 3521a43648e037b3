// Ticket statuses and the transition table that says which moves are allowed.
// The table is data: the default below can be replaced from settings.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

enum class TicketStatus {
  kOpen,
  kInProgress,
  kWaitingOnCustomer,
  kWaitingOnAgent,
  kEscalated,
  kResolved,
  kClosed,
  kReopened,
};

inline constexpr std::array<TicketStatus, 8> kAllStatuses = {
    TicketStatus::kOpen,           TicketStatus::kInProgress, TicketStatus::kWaitingOnCustomer,
    TicketStatus::kWaitingOnAgent, TicketStatus::kEscalated,  TicketStatus::kResolved,
    TicketStatus::kClosed,         TicketStatus::kReopened};

std::string_view to_string(TicketStatus status);
std::optional<TicketStatus> parse_status(std::string_view name);
std::vector<std::string> all_status_names();

// Resolved and closed tickets count as done: they are not part of "open" work.
bool is_done(TicketStatus status);

class TransitionTable {
 public:
  // The default workflow (open -> in_progress -> ... -> closed -> reopened).
  static TransitionTable defaults();

  explicit TransitionTable(std::map<TicketStatus, std::set<TicketStatus>> allowed)
      : allowed_(std::move(allowed)) {}

  bool allows(TicketStatus from, TicketStatus to) const;
  // The targets reachable from `from`, in the canonical status order.
  std::vector<TicketStatus> targets(TicketStatus from) const;
  const std::map<TicketStatus, std::set<TicketStatus>>& allowed() const { return allowed_; }

 private:
  std::map<TicketStatus, std::set<TicketStatus>> allowed_;
};

}  // namespace escalated::core
