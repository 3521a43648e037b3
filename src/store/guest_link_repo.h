// Magic links to one ticket for guests (guest_links), stored as SHA-256 only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::guest_links {

struct GuestLinkRecord {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::string token_hash;
  Millis expires_at = 0;
  Millis created_at = 0;
  std::optional<Millis> last_used_at;
};

std::int64_t insert(Connection& c, const GuestLinkRecord& r);
std::optional<GuestLinkRecord> find_by_token_hash(Connection& c, const std::string& hash);
// A use of the link: it now expires at `expires_at`.
void renew(Connection& c, std::int64_t id, Millis expires_at, Millis now);
// Deletes at most `limit` links expired by `now`, soonest expired first;
// returns how many.
std::int64_t delete_expired(Connection& c, Millis now, int limit);
// Deletes every link to the ticket; returns how many there were.
std::int64_t delete_for_ticket(Connection& c, std::int64_t ticket_id);

// Files the guest tickets of `email` (lower-case; no requester account yet)
// under the account `user_id`, which proved it owns that address; their
// guest contact moves to the account. Returns the ids claimed.
std::vector<std::int64_t> claim_tickets(Connection& c, std::int64_t user_id,
                                        const std::string& email, Millis now);

// The signing key `name` (signing_keys): the stored one, or `candidate`
// stored now when there is none yet (the first writer wins).
std::string signing_key(Connection& c, const std::string& name, const std::string& candidate,
                        Millis now);

}  // namespace escalated::store::guest_links
