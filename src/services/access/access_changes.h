// Every change that ends a user's sessions or tokens, or changes what they
// may do, marks it in the same transaction, so the live WebSockets of that
// user on every node are checked again within a second
// (services/realtime/access_watch.h). The mark is on the wall clock, not
// the rules' clock: it orders nodes' reads, not business time.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include "store/access_change_repo.h"

namespace escalated::services {

inline void note_access_change(store::Connection& c, std::int64_t user_id) {
  store::access_changes::note(c, user_id, core::SystemClock().now());
}

}  // namespace escalated::services
