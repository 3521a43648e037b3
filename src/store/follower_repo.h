// Who follows a ticket: staff who get the assignee's notifications for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::followers {

struct FollowerRecord {
  std::int64_t user_id = 0;
  std::string name;  // joined
  Millis since = 0;
};

// Whether the row is new (false: already following).
bool add(Connection& c, std::int64_t ticket_id, std::int64_t user_id, Millis now);
// Whether there was a row.
bool remove(Connection& c, std::int64_t ticket_id, std::int64_t user_id);
// By name, then id.
std::vector<FollowerRecord> of_ticket(Connection& c, std::int64_t ticket_id);

}  // namespace escalated::store::followers
