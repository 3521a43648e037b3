#include "services/realtime_feed.h"

namespace escalated::services {

void RealtimeFeed::start() {
  follower_.start_at_end();
  loop_.start("realtime feed", [this] {
    for (const auto& row : follower_.poll()) {
      hub_.publish(Event{row.id, row.event_type, row.ticket_id.value_or(0), row.payload_json,
                         row.created_at});
    }
    return std::chrono::milliseconds(1000);
  });
}

}  // namespace escalated::services
