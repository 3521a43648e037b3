// Satisfaction ratings (migration 0013): one per ticket, and the report's
// aggregates over them, narrowed the way the caller's view of tickets is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/satisfaction.h"
#include "core/ticket_query.h"
#include "store/database.h"
#include "store/records.h"

namespace escalated::store::satisfaction {

struct RatingRecord {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t rating = 0;
  std::optional<std::string> comment;
  std::optional<std::int64_t> rated_by;
  Millis created_at = 0;
  Millis updated_at = 0;  // the instant of the rating in force
};

std::optional<RatingRecord> find_by_ticket(Connection& c, std::int64_t ticket_id);
// Writes the ticket's rating: a new row, or (the ticket has one already)
// its rating, comment, rater and updated_at. Safe against a concurrent first
// rating of the same ticket (the unique index decides; the loser updates).
// Returns the row as stored and whether it was new.
std::pair<RatingRecord, bool> upsert(Connection& c, const RatingRecord& r);

// Which ratings a report covers: by when they were given ([from, until)),
// by the ticket's department and assignee, and by what the caller may see.
struct Filter {
  std::optional<Millis> from, until;
  std::optional<std::int64_t> department_id;
  std::optional<std::int64_t> agent_id;         // the ticket's assignee
  std::optional<std::int64_t> requester_id;     // set by services: a customer's own
  std::optional<std::string> guest_email;       // set by services: a guest's, lower-case
  std::optional<core::StaffScope> staff_scope;  // set by services
};

struct AgentTally {
  std::int64_t agent_id = 0;
  std::string name;
  core::RatingTally tally;
};

struct RecentRating {
  std::int64_t ticket_id = 0;
  std::string subject;
  std::int64_t rating = 0;
  std::optional<std::string> comment;
  Millis rated_at = 0;
  std::optional<std::int64_t> agent_id;
  std::string agent_name;
};

core::RatingTally tally(Connection& c, const Filter& f);
// Per assignee of the rated tickets (unassigned ones are left out), most
// ratings first, then by name.
std::vector<AgentTally> by_agent(Connection& c, const Filter& f);
// Latest first, at most `limit`.
std::vector<RecentRating> recent(Connection& c, const Filter& f, int limit);

}  // namespace escalated::store::satisfaction
