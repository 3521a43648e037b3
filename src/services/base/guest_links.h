// Magic links: a guest's key to one ticket (services/widget serves them;
// notification mail to people without a password carries one). The token
// is 32 random bytes, URL-safe; only its SHA-256 is stored.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "escalated/options.h"
#include "store/database.h"

namespace escalated::services {

// How long a link works after it was made or last used (Guest.TokenLifetimeDays).
core::Millis guest_link_lifetime(const Options& options);
// Whether a use of a link that expires at `expires_at` should push its
// expiry out again. A link is renewed by every use, but one renewed within
// kGuestLinkRenewalStep already expires within that step of a full
// lifetime, and writing it again on every page view would make each view a
// write transaction (SQLite has one writer: the views of a busy ticket would
// queue behind each other).
inline constexpr core::Millis kGuestLinkRenewalStep = 3'600'000;
bool guest_link_renewal_due(const Options& options, core::Millis expires_at, core::Millis now);
// Makes a new link to the ticket in the caller's transaction; returns the
// token, which is shown (or mailed) once and never stored.
std::string issue_guest_link(store::Connection& c, const Options& options, std::int64_t ticket_id,
                             core::Millis now);

// The signature of the one-click rating link for `rating` of the ticket:
// the first 32 hex characters of HMAC-SHA256 over "rating:{ticket}:{rating}"
// under the key "rating_links" (made on first use, in the caller's write
// transaction).
std::string rating_link_signature(store::Connection& c, std::int64_t ticket_id, std::int64_t rating,
                                  core::Millis now);
// The link's path under the route prefix: /widget/ratings/{ticket}/{rating}?sig=...
std::string rating_link_path(std::int64_t ticket_id, std::int64_t rating,
                             const std::string& signature);

}  // namespace escalated::services
