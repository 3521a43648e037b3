// Reads the outbox from a cursor of its own, so every node sees every event
// whoever relays it: the relay stamps an event delivered once for the whole
// cluster, but each node's WebSocket clients need it.
//
// On PostgreSQL ids come from a sequence and commit out of order: when id 12
// is visible, 11 may still be in flight. An id skipped over is remembered as
// a gap and asked for again on later polls until it shows up or ten seconds
// have passed (then it was rolled back, or is too late to matter for live
// updates; clients refetch when they reconnect). On SQLite there is one
// writer, so ids commit in order and gaps do not arise.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::services {

class OutboxFollower {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit OutboxFollower(store::Database& db) : db_(db) {}

  // Starts after the newest event: only what happens from now on is read.
  void start_at_end();
  // Events committed since the last poll, in id order, each exactly once.
  std::vector<store::OutboxRecord> poll(TimePoint now = std::chrono::steady_clock::now());

  std::int64_t cursor() const { return cursor_; }
  std::size_t open_gaps() const { return gaps_.size(); }

 private:
  void note_gaps(std::int64_t from, std::int64_t to, TimePoint now);

  store::Database& db_;
  std::int64_t cursor_ = 0;                 // the highest id read
  std::map<std::int64_t, TimePoint> gaps_;  // ids below the cursor not seen yet, with expiry
};

}  // namespace escalated::services
