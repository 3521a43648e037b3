// The small closed vocabularies of the ticket domain. Each has a wire name
// (snake_case, as the API shows it) and a parser that refuses anything else:
// unknown values are errors, never silently mapped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

// Ordered by urgency; the numeric value is the sort rank stored in the database.
enum class Priority { kLow = 0, kMedium = 1, kHigh = 2, kUrgent = 3, kCritical = 4 };
std::string_view to_string(Priority p);
std::optional<Priority> parse_priority(std::string_view name);
std::optional<Priority> priority_from_rank(long long rank);
std::vector<std::string> all_priority_names();

enum class TicketType { kQuestion, kProblem, kIncident, kTask };
std::string_view to_string(TicketType t);
std::optional<TicketType> parse_ticket_type(std::string_view name);
std::vector<std::string> all_ticket_type_names();

enum class Channel { kWeb, kEmail, kWidget, kApi };
std::string_view to_string(Channel c);
std::optional<Channel> parse_channel(std::string_view name);

// Built-in roles of stand-alone mode. Finer permissions build on these.
enum class Role { kCustomer, kAgent, kAdmin };
std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view name);
std::vector<std::string> all_role_names();
// Agents and admins work tickets; customers only see their own.
inline bool is_staff(Role r) {
  return r == Role::kAgent || r == Role::kAdmin;
}

}  // namespace escalated::core
