// The record of credential and permission changes per user
// (access_changes), read by every node to re-check its live WebSockets.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::access_changes {

// The user id that stands for every user (a role's permissions changed).
inline constexpr std::int64_t kEveryone = 0;

// Marks the user's access as changed at `at` (wall clock, epoch ms), or one
// millisecond after the last mark when that is later, so each mark is new.
void note(Connection& c, std::int64_t user_id, Millis at);
// The users marked after `after`, with their marks.
std::vector<std::pair<std::int64_t, Millis>> since(Connection& c, Millis after);

}  // namespace escalated::store::access_changes
