#include "services/access/api_token_service.h"
#include "services/access/access_changes.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <tuple>

#include "core/time_format.h"
#include "security/tokens.h"
#include "services/base/journal.h"
#include "services/base/stored_json.h"
#include "services/base/ticket_json.h"
#include "store/role_repo.h"
#include "store/user_repo.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kShownPrefix = 8;  // "esc_" and four characters of the secret

void check(const NewApiToken& input) {
  core::FieldErrorCollector errors;
  if (input.name.empty() || input.name.size() > 100)
    errors.add("name", "is required (at most 100 characters)");
  if (input.abilities.empty()) errors.add("abilities", "must name at least one ability");
  for (std::size_t i = 0; i < input.abilities.size(); ++i) {
    const std::string& a = input.abilities[i];
    if (a != abilities::kTicketsRead && a != abilities::kTicketsWrite && a != abilities::kAdmin &&
        a != abilities::kAll)
      errors.add("abilities[" + std::to_string(i) + "]",
                 "must be one of tickets:read, tickets:write, admin, *");
  }
  if (input.expires_in_days && (*input.expires_in_days < 1 || *input.expires_in_days > 3650))
    errors.add("expires_in_days", "must be from 1 to 3650, or null for a token that never expires");
  errors.raise_if_any();
}

}  // namespace

core::PermissionSet ability_permissions(const std::vector<std::string>& granted) {
  using P = core::Permission;
  const core::PermissionSet read = {P::kTicketView, P::kTicketViewAll, P::kTicketExport,
                                    P::kKbView,     P::kMacroView,     P::kReportView};
  const core::PermissionSet write =
      read | core::PermissionSet{P::kTicketCreate, P::kTicketEdit,          P::kTicketDelete,
                                 P::kTicketAssign, P::kTicketMerge,         P::kTicketClose,
                                 P::kReplyCreate,  P::kReplyCreateInternal, P::kReplyEdit,
                                 P::kReplyDelete};
  // Everything but working tickets: the admin panel's catalogues and settings.
  const core::PermissionSet admin = core::PermissionSet{
      P::kTicketView,    P::kTicketViewAll,  P::kKbView,           P::kKbCreate,
      P::kKbEdit,        P::kKbDelete,       P::kKbPublish,        P::kDepartmentManage,
      P::kReportView,    P::kSlaManage,      P::kAutomationManage, P::kEscalationManage,
      P::kMacroView,     P::kMacroManage,    P::kTagManage,        P::kCustomFieldManage,
      P::kRoleManage,    P::kUserView,       P::kUserManage,       P::kSettingsManage,
      P::kWebhookManage, P::kApiTokenManage, P::kAuditView,        P::kImportManage};
  core::PermissionSet out;
  for (const auto& a : granted) {
    if (a == abilities::kAll) return core::PermissionSet::all();
    if (a == abilities::kTicketsRead) out = out | read;
    if (a == abilities::kTicketsWrite) out = out | write;
    if (a == abilities::kAdmin) out = out | admin;
  }
  return out;
}

bool ability_allows(const std::vector<std::string>& granted, std::string_view needed) {
  for (const auto& a : granted) {
    if (a == abilities::kAll || a == needed) return true;
    if (a == abilities::kTicketsWrite && needed == abilities::kTicketsRead) return true;
  }
  return false;
}

json::object api_token_json(const store::api_tokens::TokenRecord& t) {
  json::array granted;
  for (const auto& a : stored_strings(t.abilities_json)) granted.emplace_back(a);
  return {{"id", t.id},
          {"name", t.name},
          {"prefix", t.prefix},
          {"abilities", std::move(granted)},
          {"user", json::object{{"id", t.user_id}, {"name", t.user_name}, {"email", t.user_email}}},
          {"expires_at", time_or_null(t.expires_at)},
          {"last_used_at", time_or_null(t.last_used_at)},
          {"created_at", core::format_rfc3339(t.created_at)}};
}

IssuedApiToken ApiTokenService::issue(store::Connection& c, const core::Actor* by,
                                      const store::UserRecord& owner, const NewApiToken& input) {
  if (!owner.active) throw core::ValidationError("user_id", "names an inactive user");
  core::Millis now = ctx_.clock.now();
  IssuedApiToken issued;
  issued.secret = kApiTokenPrefix + security::random_token(kSecretBytes);
  auto& t = issued.record;
  t.user_id = owner.id;
  t.user_name = owner.name;
  t.user_email = owner.email;
  t.name = input.name;
  t.token_hash = security::sha256_hex(issued.secret);
  t.prefix = issued.secret.substr(0, kShownPrefix);
  json::array granted;
  for (const auto& a : input.abilities) granted.emplace_back(a);
  t.abilities_json = json::serialize(granted);
  if (input.expires_in_days)
    t.expires_at = now + static_cast<core::Millis>(*input.expires_in_days) * 86'400'000;
  if (by) t.created_by = by->user_id;
  t.created_at = now;
  t.id = store::api_tokens::insert(c, t);
  Journal(c, by, now).audit("api_token", t.id, "created", nullptr, api_token_json(t));
  return issued;
}

IssuedApiToken ApiTokenService::create(const core::Actor& actor, const NewApiToken& input) {
  require(actor, core::Permission::kApiTokenManage);
  check(input);
  // A token never carries more than the credential that asks for it: a
  // session has every ability, a token only its own.
  if (actor.token_abilities) {
    for (std::size_t i = 0; i < input.abilities.size(); ++i) {
      if (!ability_allows(*actor.token_abilities, input.abilities[i]))
        throw core::Forbidden("abilities[" + std::to_string(i) +
                              "]: the API token asking holds no " + input.abilities[i] +
                              " ability, so it cannot grant it.");
    }
  }
  return ctx_.db.write([&](store::Connection& c) {
    auto owner = store::users::find(c, input.user_id.value_or(actor.user_id));
    if (!owner) throw core::ValidationError("user_id", "does not name a user");
    if (owner->id != actor.user_id &&
        !core::may_manage_holder_of(actor, store::roles::permissions_of(c, owner->id)))
      throw core::Forbidden(
          "user_id: that user holds permissions you do not; only someone who holds all of them "
          "may make a token for them.");
    return issue(c, &actor, *owner, input);
  });
}

IssuedApiToken ApiTokenService::create_for_email(const std::string& email, NewApiToken input) {
  check(input);
  std::string lower = email;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return ctx_.db.write([&](store::Connection& c) {
    auto owner = store::users::find_by_email(c, lower);
    if (!owner) throw core::ValidationError("user", "no user has the e-mail " + email);
    return issue(c, nullptr, *owner, input);
  });
}

std::vector<store::api_tokens::TokenRecord> ApiTokenService::list(const core::Actor& actor) {
  require(actor, core::Permission::kApiTokenManage);
  return ctx_.db.read([](store::Connection& c) { return store::api_tokens::list(c); });
}

void ApiTokenService::revoke(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kApiTokenManage);
  ctx_.db.write([&](store::Connection& c) {
    auto t = core::found_or_404(store::api_tokens::find(c, id), "API token");
    store::api_tokens::remove(c, id);
    note_access_change(c, t.user_id);
    Journal(c, &actor, ctx_.clock.now())
        .audit("api_token", id, "revoked", api_token_json(t), nullptr);
  });
}

std::optional<TokenIdentity> ApiTokenService::authenticate(std::string_view secret) {
  // A malformed secret is refused before any lookup.
  if (secret.size() < std::string_view(kApiTokenPrefix).size() + 40 ||
      secret.substr(0, 4) != kApiTokenPrefix || secret.size() > 200)
    return std::nullopt;
  std::string hash = security::sha256_hex(secret);
  core::Millis now = ctx_.clock.now();
  auto found = ctx_.db.read([&](store::Connection& c) {
    std::optional<
        std::tuple<store::api_tokens::TokenRecord, store::UserRecord, core::PermissionSet>>
        out;
    auto t = store::api_tokens::find_by_hash(c, hash);
    if (!t) return out;
    auto user = store::users::find(c, t->user_id);
    if (user) out.emplace(*t, *user, store::roles::permissions_of(c, user->id));
    return out;
  });
  if (!found) return std::nullopt;
  const auto& [token, user, permissions] = *found;
  // The index lookup found the hash; compare again in constant time so the
  // answer never depends on how much of it matched.
  if (!security::constant_time_equals(token.token_hash, hash)) return std::nullopt;
  if (token.expires_at && *token.expires_at <= now) return std::nullopt;
  if (!user.active) return std::nullopt;
  if (!token.last_used_at || *token.last_used_at <= now - kTouchInterval) {
    ctx_.db.write(
        [&](store::Connection& c) { store::api_tokens::touch(c, token.id, now, kTouchInterval); });
  }
  TokenIdentity identity;
  identity.token_id = token.id;
  identity.abilities = stored_strings(token.abilities_json);
  identity.actor = core::Actor{user.id,
                               user.role,
                               user.name,
                               user.email,
                               permissions & ability_permissions(identity.abilities),
                               identity.abilities};
  return identity;
}

}  // namespace escalated::services
