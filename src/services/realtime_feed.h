// Feeds the real-time hub from the outbox: a thread that follows the outbox
// with this node's own cursor (services/outbox_follower.h) and publishes
// each new event. It wakes when a local commit wrote events (notify) and
// every second for events other nodes wrote. It is not a time rule, so it
// runs under the test clock too, and pushes as soon as a commit notifies.
#pragma once

#include "services/background_loop.h"
#include "services/outbox_follower.h"
#include "services/realtime_hub.h"

namespace escalated::services {

class RealtimeFeed {
 public:
  RealtimeFeed(store::Database& db, RealtimeHub& hub) : follower_(db), hub_(hub) {}
  ~RealtimeFeed() { stop(); }

  // Starts following from the newest event.
  void start();
  void stop() { loop_.stop(); }
  void notify() { loop_.notify(); }

 private:
  OutboxFollower follower_;
  RealtimeHub& hub_;
  BackgroundLoop loop_;
};

}  // namespace escalated::services
