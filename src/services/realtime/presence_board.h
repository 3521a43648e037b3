// Who is viewing which ticket across every server node on one database
// (store/viewer_repo.h). Each process is one node with a random id; it
// writes the staff its own WebSocket sessions have on each ticket, renews
// those rows while it runs and reads the other nodes' rows. A node that
// dies without cleaning up stops renewing, so its viewers drop out of reads
// within kLifetime and are deleted by the next renewal of any live node.
//
// Liveness is infrastructure, not a business rule, so it runs on the wall
// clock (core::SystemClock), not on ServiceContext::clock: the test clock is
// per process and would make two nodes disagree about which rows are live.
// Tests may pass a clock of their own.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace escalated::services {

class PresenceBoard {
 public:
  // Names by user id: one entry per person, ordered by id.
  using Viewers = std::map<std::int64_t, std::string>;
  // A row not renewed for this long belongs to a node that is gone.
  static constexpr core::Millis kLifetime = 30'000;
  // How often a node renews its rows (well inside kLifetime).
  static constexpr core::Millis kRenewEvery = 10'000;

  explicit PresenceBoard(store::Database& db);
  PresenceBoard(store::Database& db, const core::Clock& clock);

  const std::string& node_id() const { return node_id_; }
  // Makes each ticket's viewers on this node the given ones (empty: none),
  // all in one transaction.
  void publish(const std::map<std::int64_t, Viewers>& tickets);
  // Every kRenewEvery (the first call at once): renews this node's rows and
  // deletes the rows that expired. Returns whether it did.
  bool renew_when_due();
  // The live viewers of these tickets on the other nodes; tickets without
  // any are left out.
  std::map<std::int64_t, Viewers> others(const std::vector<std::int64_t>& ticket_ids);
  // Deletes this node's rows (it is stopping).
  void leave();

 private:
  store::Database& db_;
  const core::Clock& clock_;
  const std::string node_id_;
  core::Millis next_renewal_ = 0;
};

}  // namespace escalated::services
