#include "core/enums.h"

#include <array>
#include <utility>

namespace escalated::core {
namespace {

// One table per vocabulary keeps names and values in one place.
template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return table[0].second;
}

template <typename E, size_t N>
std::vector<std::string> names(const std::array<std::pair<E, std::string_view>, N>& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.emplace_back(entry.second);
  return out;
}

constexpr std::array<std::pair<Priority, std::string_view>, 5> kPriorities{{
    {Priority::kLow, "low"},
    {Priority::kMedium, "medium"},
    {Priority::kHigh, "high"},
    {Priority::kUrgent, "urgent"},
    {Priority::kCritical, "critical"},
}};
constexpr std::array<std::pair<TicketType, std::string_view>, 4> kTypes{{
    {TicketType::kQuestion, "question"},
    {TicketType::kProblem, "problem"},
    {TicketType::kIncident, "incident"},
    {TicketType::kTask, "task"},
}};
constexpr std::array<std::pair<Channel, std::string_view>, 4> kChannels{{
    {Channel::kWeb, "web"},
    {Channel::kEmail, "email"},
    {Channel::kWidget, "widget"},
    {Channel::kApi, "api"},
}};
constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles{{
    {Role::kCustomer, "customer"},
    {Role::kAgent, "agent"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view to_string(Priority p) {
  return name_of(kPriorities, p);
}
std::optional<Priority> parse_priority(std::string_view name) {
  return lookup(kPriorities, name);
}
std::optional<Priority> priority_from_rank(long long rank) {
  if (rank < 0 || rank > 4) return std::nullopt;
  return static_cast<Priority>(rank);
}
std::vector<std::string> all_priority_names() {
  return names(kPriorities);
}

std::string_view to_string(TicketType t) {
  return name_of(kTypes, t);
}
std::optional<TicketType> parse_ticket_type(std::string_view name) {
  return lookup(kTypes, name);
}
std::vector<std::string> all_ticket_type_names() {
  return names(kTypes);
}

std::string_view to_string(Channel c) {
  return name_of(kChannels, c);
}
std::optional<Channel> parse_channel(std::string_view name) {
  return lookup(kChannels, name);
}

std::string_view to_string(Role r) {
  return name_of(kRoles, r);
}
std::optional<Role> parse_role(std::string_view name) {
  return lookup(kRoles, name);
}
std::vector<std::string> all_role_names() {
  return names(kRoles);
}

}  // namespace escalated::core
