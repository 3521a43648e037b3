// API tokens: bearer credentials for integrations, scoped by abilities.
// The secret ("esc_" + 32 random bytes, base64url) is shown once, when the
// token is made; only its SHA-256 is kept, so a leaked database leaks no
// usable token. Abilities narrow what the owner's role allows, never widen
// it: a token acts as its owner, limited to the route groups it names.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "store/api_token_repo.h"

namespace escalated::services {

namespace abilities {
inline constexpr const char* kTicketsRead = "tickets:read";
inline constexpr const char* kTicketsWrite = "tickets:write";
inline constexpr const char* kAdmin = "admin";
inline constexpr const char* kAll = "*";
}  // namespace abilities

inline constexpr const char* kApiTokenPrefix = "esc_";

struct NewApiToken {
  std::string name;
  std::vector<std::string> abilities;
  std::optional<std::int64_t> expires_in_days;  // 1 to 3650; nullopt: never expires
  std::optional<std::int64_t> user_id;          // default: the caller
};

struct IssuedApiToken {
  store::api_tokens::TokenRecord record;
  std::string secret;  // the only time it exists outside the caller's hands
};

// Who a valid bearer token speaks for, and what it may do.
struct TokenIdentity {
  std::int64_t token_id = 0;
  core::Actor actor;
  std::vector<std::string> abilities;
};

class ApiTokenService {
 public:
  explicit ApiTokenService(ServiceContext& ctx) : ctx_(ctx) {}

  // Admins make tokens for themselves or another active user.
  IssuedApiToken create(const core::Actor& actor, const NewApiToken& input);
  // The command line's way in (the operator owns the database): the owner
  // is named by e-mail.
  IssuedApiToken create_for_email(const std::string& email, NewApiToken input);
  std::vector<store::api_tokens::TokenRecord> list(const core::Actor& actor);
  // Revokes at once: the next request with the token is 401.
  void revoke(const core::Actor& actor, std::int64_t id);

  // The identity behind a bearer secret; nullopt when the secret is
  // malformed, unknown, expired, or its owner is inactive. Stamps
  // last_used_at at most once a minute.
  std::optional<TokenIdentity> authenticate(std::string_view secret);

  static constexpr core::Millis kTouchInterval = 60'000;

 private:
  IssuedApiToken issue(store::Connection& c, const core::Actor* by, const store::UserRecord& owner,
                       const NewApiToken& input);

  ServiceContext& ctx_;
};

// The permissions a token's abilities leave of its owner's: tickets:read the
// ticket views, tickets:write also every ticket and reply action, admin the
// admin panel's catalogues and settings, "*" everything.
core::PermissionSet ability_permissions(const std::vector<std::string>& granted);

// Whether a token with `granted` abilities may use a route that needs
// `needed` ("*" grants everything; "tickets:write" includes reading).
bool ability_allows(const std::vector<std::string>& granted, std::string_view needed);

boost::json::object api_token_json(const store::api_tokens::TokenRecord& token);

}  // namespace escalated::services
