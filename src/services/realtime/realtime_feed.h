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
// Access: a third thread polls every kAccessPoll for users whose sessions,
// tokens or permissions changed on any node (AccessWatch) and has the hub
// re-check their connections, closing those that no longer hold; every
// kFullRecheck it re-checks every connection (sessions expire, and a
// change made by hand in the database leaves no mark). The event thread
// runs the same check before it pushes a batch, so a connection ended by a
// change never receives an event committed after it.
//
// None is a time rule, so both run under the test clock too, and events
// are pushed as soon as a commit notifies.
#pragma once

#include <chrono>
#include <mutex>

#include "services/base/background_loop.h"
#include "services/events/outbox_follower.h"
#include "services/realtime/access_watch.h"
#include "services/realtime/presence_board.h"
#include "services/realtime/realtime_hub.h"

namespace escalated::services {

class RealtimeFeed {
 public:
  static constexpr std::chrono::milliseconds kAccessPoll{200};
  static constexpr std::chrono::seconds kFullRecheck{60};

  RealtimeFeed(store::Database& db, RealtimeHub& hub)
      : follower_(db), hub_(hub), board_(db), access_(db) {}
  ~RealtimeFeed() { stop(); }

  // Starts following from the newest event, and sharing presence.
  void start();
  void stop();
  void notify() { loop_.notify(); }

  // One presence pass, now, on the calling thread; returns the wait until
  // the next one.
  std::chrono::milliseconds presence_pass();
  const PresenceBoard& board() const { return board_; }
  // One access check, now, on the calling thread (see above).
  void check_access();

 private:
  OutboxFollower follower_;
  RealtimeHub& hub_;
  PresenceBoard board_;
  BackgroundLoop loop_;
  BackgroundLoop presence_loop_;
  std::mutex access_mutex_;
  AccessWatch access_;
  std::chrono::steady_clock::time_point next_full_recheck_{};
  BackgroundLoop access_loop_;
  bool sharing_presence_ = false;
};

}  // namespace escalated::services
