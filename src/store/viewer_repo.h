// The ticket_viewers table: which staff each server node has looking at
// which ticket, with an expiry the node renews while it lives. A node only
// ever writes its own rows; reads span every node.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::viewers {

struct ViewerRecord {
  std::int64_t ticket_id = 0;
  std::int64_t user_id = 0;
  std::string name;
};

struct Viewer {
  std::int64_t user_id = 0;
  std::string name;
};

// Makes `viewers` the node's only rows for the ticket (none: the node has no
// one on it any more). Run inside one write() so readers never see a half.
void replace(Connection& c, const std::string& node_id, std::int64_t ticket_id,
             const std::vector<Viewer>& viewers, Millis expires_at);
// Renews every row of the node.
void refresh(Connection& c, const std::string& node_id, Millis expires_at);
// The viewers of these tickets not yet expired at `now`, one row per ticket
// and person whatever the nodes, ordered by ticket then user. Rows of
// `except_node` are left out (a node knows its own viewers first-hand).
std::vector<ViewerRecord> live(Connection& c, const std::vector<std::int64_t>& ticket_ids,
                               Millis now, const std::string& except_node = "");
// Every row of the node (it is shutting down).
void remove_node(Connection& c, const std::string& node_id);
// Rows expired at `now` (nodes that ended without cleaning up); how many.
std::int64_t delete_expired(Connection& c, Millis now);

}  // namespace escalated::store::viewers
