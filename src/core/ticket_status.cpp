#include "core/ticket_status.h"

namespace escalated::core {

std::string_view to_string(TicketStatus status) {
  switch (status) {
    case TicketStatus::kOpen:
      return "open";
    case TicketStatus::kInProgress:
      return "in_progress";
    case TicketStatus::kWaitingOnCustomer:
      return "waiting_on_customer";
    case TicketStatus::kWaitingOnAgent:
      return "waiting_on_agent";
    case TicketStatus::kEscalated:
      return "escalated";
    case TicketStatus::kResolved:
      return "resolved";
    case TicketStatus::kClosed:
      return "closed";
    case TicketStatus::kReopened:
      return "reopened";
  }
  return "open";
}

std::optional<TicketStatus> parse_status(std::string_view name) {
  for (TicketStatus s : kAllStatuses) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

std::vector<std::string> all_status_names() {
  std::vector<std::string> names;
  for (TicketStatus s : kAllStatuses) names.emplace_back(to_string(s));
  return names;
}

bool is_done(TicketStatus status) {
  return status == TicketStatus::kResolved || status == TicketStatus::kClosed;
}

TransitionTable TransitionTable::defaults() {
  using S = TicketStatus;
  return TransitionTable({
      {S::kOpen,
       {S::kInProgress, S::kWaitingOnCustomer, S::kWaitingOnAgent, S::kEscalated, S::kResolved,
        S::kClosed}},
      {S::kInProgress,
       {S::kWaitingOnCustomer, S::kWaitingOnAgent, S::kEscalated, S::kResolved, S::kClosed}},
      {S::kWaitingOnCustomer,
       {S::kOpen, S::kInProgress, S::kWaitingOnAgent, S::kResolved, S::kClosed}},
      {S::kWaitingOnAgent,
       {S::kOpen, S::kInProgress, S::kWaitingOnCustomer, S::kEscalated, S::kResolved, S::kClosed}},
      {S::kEscalated, {S::kInProgress, S::kResolved, S::kClosed}},
      {S::kResolved, {S::kReopened, S::kClosed}},
      {S::kClosed, {S::kReopened}},
      {S::kReopened,
       {S::kInProgress, S::kWaitingOnCustomer, S::kWaitingOnAgent, S::kEscalated, S::kResolved,
        S::kClosed}},
  });
}

bool TransitionTable::allows(TicketStatus from, TicketStatus to) const {
  auto it = allowed_.find(from);
  return it != allowed_.end() && it->second.count(to) > 0;
}

std::vector<TicketStatus> TransitionTable::targets(TicketStatus from) const {
  std::vector<TicketStatus> out;
  auto it = allowed_.find(from);
  if (it == allowed_.end()) return out;
  for (TicketStatus s : kAllStatuses) {
    if (it->second.count(s)) out.push_back(s);
  }
  return out;
}

}  // namespace escalated::core
