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
  loop_.start("realtime feed", [this] {
    for (const auto& row : follower_.poll()) {
      hub_.publish(Event{row.id, row.event_type, row.ticket_id.value_or(0), row.payload_json,
                         row.created_at});
    }
    return std::chrono::milliseconds(1000);
  });
  hub_.on_local_viewers_changed([this] { presence_loop_.notify(); });
  sharing_presence_ = true;
  presence_loop_.start("realtime presence", [this] { return presence_pass(); });
}

void RealtimeFeed::stop() {
  hub_.on_local_viewers_changed(nullptr);
  loop_.stop();
  presence_loop_.stop();
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
