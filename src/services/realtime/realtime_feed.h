// Feeds the real-time hub from the database, on two threads of its own.
//
// Events: a thread follows the outbox with this node's own cursor
// (services/events/outbox_follower.h) and publishes each new event. It wakes when
// a local commit wrote events (notify) and every second for events other
// nodes wrote.
//
// Presence: a sibling thread (the presence pass) writes this node's viewers
// of the tickets whose local viewers changed (the hub wakes it), renews
// this node's rows every PresenceBoard::kRenewEvery, and reads once a second
// the other nodes' viewers of every ticket that has staff subscribers here,
// so the hub can tell them who else is looking. stop() deletes this node's
// rows, so its viewers vanish from the other nodes at once.
//
// Neither is a time rule, so both run under the test clock too, and events
// are pushed as soon as a commit notifies.
#pragma once

#include <chrono>

#include "services/base/background_loop.h"
#include "services/events/outbox_follower.h"
#include "services/realtime/presence_board.h"
#include "services/realtime/realtime_hub.h"

namespace escalated::services {

class RealtimeFeed {
 public:
  RealtimeFeed(store::Database& db, RealtimeHub& hub) : follower_(db), hub_(hub), board_(db) {}
  ~RealtimeFeed() { stop(); }

  // Starts following from the newest event, and sharing presence.
  void start();
  void stop();
  void notify() { loop_.notify(); }

  // One presence pass, now, on the calling thread; returns the wait until
  // the next one.
  std::chrono::milliseconds presence_pass();
  const PresenceBoard& board() const { return board_; }

 private:
  OutboxFollower follower_;
  RealtimeHub& hub_;
  PresenceBoard board_;
  BackgroundLoop loop_;
  BackgroundLoop presence_loop_;
  bool sharing_presence_ = false;
};

}  // namespace escalated::services
