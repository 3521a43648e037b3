// Which users' access changed lately, on any node of the cluster: reads the
// marks that sign-out, revocation, deactivation and role changes leave in
// the database (services/access/access_changes.h, store/access_change_repo.h)
// so the real-time feed can re-check those users' live WebSockets.
//
// Marks are on the wall clock and only move forward; each poll reads the
// marks of the last kWindow and reports a user whose mark is newer than the
// one it saw, so a transaction that committed a little after it stamped its
// mark (or a node whose clock is a little behind) is still seen.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>

#include "store/database.h"

namespace escalated::services {

class AccessWatch {
 public:
  static constexpr std::int64_t kWindow = 60'000;  // ms

  explicit AccessWatch(store::Database& db) : db_(db) {}
  // Takes the marks there are now as seen: only later changes are reported.
  void start_at_now();
  // The users whose access changed since the last poll (0: everyone).
  std::set<std::int64_t> poll();

 private:
  store::Database& db_;
  std::map<std::int64_t, std::int64_t> seen_;  // user -> the newest mark read
};

}  // namespace escalated::services
