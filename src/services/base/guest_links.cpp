#include "services/base/guest_links.h"

#include "security/signatures.h"
#include "security/tokens.h"
#include "store/guest_link_repo.h"

namespace escalated::services {

core::Millis guest_link_lifetime(const Options& options) {
  return static_cast<core::Millis>(options.guest.token_lifetime_days) * 86'400'000;
}

bool guest_link_renewal_due(const Options& options, core::Millis expires_at, core::Millis now) {
  return expires_at < now + guest_link_lifetime(options) - kGuestLinkRenewalStep;
}

std::string issue_guest_link(store::Connection& c, const Options& options, std::int64_t ticket_id,
                             core::Millis now) {
  std::string token = security::random_token(32);
  store::guest_links::insert(c, {0, ticket_id, security::sha256_hex(token),
                                 now + guest_link_lifetime(options), now, std::nullopt});
  return token;
}

std::string rating_link_signature(store::Connection& c, std::int64_t ticket_id, std::int64_t rating,
                                  core::Millis now) {
  std::string key =
      store::guest_links::signing_key(c, "rating_links", security::random_token(32), now);
  std::string message = "rating:" + std::to_string(ticket_id) + ":" + std::to_string(rating);
  return security::hex_encode(security::hmac_sha256(key, message)).substr(0, 32);
}

std::string rating_link_path(std::int64_t ticket_id, std::int64_t rating,
                             const std::string& signature) {
  return "/widget/ratings/" + std::to_string(ticket_id) + "/" + std::to_string(rating) +
         "?sig=" + signature;
}

}  // namespace escalated::services
