#include "services/realtime/access_watch.h"

#include "core/clock.h"
#include "store/access_change_repo.h"

namespace escalated::services {

void AccessWatch::start_at_now() {
  seen_.clear();
  poll();
}

std::set<std::int64_t> AccessWatch::poll() {
  std::int64_t after = core::SystemClock().now() - kWindow;
  auto marks =
      db_.read([&](store::Connection& c) { return store::access_changes::since(c, after); });
  std::set<std::int64_t> changed;
  for (const auto& [user, mark] : marks) {
    auto [it, fresh] = seen_.emplace(user, mark);
    if (fresh || it->second < mark) changed.insert(user);
    it->second = std::max(it->second, mark);
  }
  // A mark older than the window is never read again, and a newer one for
  // the same user is news either way.
  std::erase_if(seen_, [after](const auto& entry) { return entry.second <= after; });
  return changed;
}

}  // namespace escalated::services
