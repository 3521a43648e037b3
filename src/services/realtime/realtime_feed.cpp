#include "services/realtime/realtime_feed.h"

#include <spdlog/spdlog.h>

namespace escalated::services {

namespace {
// How often the other nodes' viewers are read: how late, at most, an agent
// learns that someone on another node opened or left the ticket.
constexpr std::chrono::milliseconds kPresencePoll(1000);
}  // namespace

void RealtimeFeed::start() {
  follower_.start_at_end();
  access_.start_at_now();
  next_full_recheck_ = std::chrono::steady_clock::now() + kFullRecheck;
  loop_.start("realtime feed", [this] {
    auto rows = follower_.poll();
    // Connections whose access ended before these events committed are
    // closed before any of them goes out.
    if (!rows.empty()) {
      try {
        check_access();
      } catch (const std::exception& e) {
        spdlog::warn("realtime access: {}", e.what());
      }
    }
    for (const auto& row : rows) {
      hub_.publish(Event{row.id, row.event_type, row.ticket_id.value_or(0), row.payload_json,
                         row.created_at});
    }
    return std::chrono::milliseconds(1000);
  });
  hub_.on_local_viewers_changed([this] { presence_loop_.notify(); });
  sharing_presence_ = true;
  presence_loop_.start("realtime presence", [this] { return presence_pass(); });
  access_loop_.start("realtime access", [this] {
    check_access();
    return std::chrono::duration_cast<std::chrono::milliseconds>(kAccessPoll);
  });
}

void RealtimeFeed::check_access() {
  std::lock_guard lock(access_mutex_);
  std::set<std::int64_t> users = access_.poll();
  auto now = std::chrono::steady_clock::now();
  if (now >= next_full_recheck_) {
    users = {0};
    next_full_recheck_ = now + kFullRecheck;
  }
  hub_.recheck(users);  // also the connections opened since the last check
}

void RealtimeFeed::stop() {
  hub_.on_local_viewers_changed(nullptr);
  loop_.stop();
  presence_loop_.stop();
  access_loop_.stop();
  if (!sharing_presence_) return;
  sharing_presence_ = false;
  try {
    board_.leave();
  } catch (const std::exception& e) {
    // The rows expire on their own within PresenceBoard::kLifetime.
    spdlog::warn("realtime presence: {}", e.what());
  }
}

std::chrono::milliseconds RealtimeFeed::presence_pass() {
  RealtimeHub::PresenceWork work = hub_.take_presence_work();
  try {
    board_.publish(work.changed);
  } catch (...) {
    hub_.mark_changed(work.changed);  // written by the next pass
    throw;
  }
  board_.renew_when_due();
  hub_.merge_remote_viewers(work.watched, board_.others(work.watched));
  return kPresencePoll;
}

}  // namespace escalated::services
