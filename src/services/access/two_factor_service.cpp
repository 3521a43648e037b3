#include "services/access/two_factor_service.h"
#include "services/access/access_changes.h"

#include "services/access/role_service.h"

#include <boost/json/object.hpp>

#include "security/passwords.h"
#include "security/totp.h"
#include "services/access/account_service.h"
#include "services/base/journal.h"
#include "store/two_factor_repo.h"
#include "store/user_repo.h"

namespace escalated::services {
namespace {

namespace json = boost::json;
namespace tf = store::two_factor;

// The issuer authenticator apps show next to the account name.
constexpr const char* kIssuer = "Escalated";
constexpr const char* kWrongCode = "The two-factor code is wrong.";

enum class CodeKind { kTotp, kRecovery };

const char* to_string(CodeKind kind) {
  return kind == CodeKind::kTotp ? "totp" : "recovery_code";
}

std::string key_of(const tf::TwoFactorRecord& record) {
  std::string key;
  // The secret was written by generate_totp_secret(); a row that does not
  // decode accepts no code rather than failing the request.
  if (!security::base32_decode(record.secret, key)) key.clear();
  return key;
}

// Accepts a TOTP code once: the matched step is claimed with a
// compare-and-set, so a code used before (here or by a racing request) fails.
bool use_totp(store::Connection& c, const tf::TwoFactorRecord& record, const std::string& code,
              core::Millis now) {
  std::string key = key_of(record);
  if (key.empty()) return false;
  std::optional<std::int64_t> last;
  if (record.last_step >= 0) last = record.last_step;
  auto step = security::totp_verify(key, code, now, last);
  return step && tf::claim_step(c, record.user_id, *step);
}

// Accepts a recovery code once: its row is deleted, and only the request
// whose delete removed the row wins.
bool use_recovery_code(store::Connection& c, std::int64_t user_id, const std::string& code) {
  auto stored = tf::recovery_codes(c, user_id);
  std::vector<std::string> digests;
  digests.reserve(stored.size());
  for (const auto& r : stored) digests.push_back(r.digest);
  auto index = security::match_recovery_code(code, digests);
  return index && tf::use_recovery_code(c, stored[*index].id);
}

void audit_recovery_code_use(store::Connection& c, const core::Actor& actor, core::Millis now) {
  auto left = static_cast<std::int64_t>(tf::recovery_codes(c, actor.user_id).size());
  Journal(c, &actor, now)
      .audit("user", actor.user_id, "two_factor_recovery_code_used", nullptr,
             json::object{{"recovery_codes_left", left}});
}

store::UserRecord local_account(store::Connection& c, const core::Actor& actor) {
  auto user = store::users::find(c, actor.user_id);
  if (!user || !user->active) throw core::Unauthorized();
  if (user->password_hash.empty()) {
    throw core::Forbidden("This account signs in through the host application.");
  }
  return *user;
}

}  // namespace

TwoFactorSetup TwoFactorService::setup(const core::Actor& actor) {
  std::string secret = security::generate_totp_secret();
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    local_account(c, actor);
    if (!tf::put_pending(c, actor.user_id, secret, now)) {
      throw core::Conflict(
          "Two-factor sign-in is already on; turn it off before setting it up again.");
    }
    Journal(c, &actor, now)
        .audit("user", actor.user_id, "two_factor_setup_started", nullptr, nullptr);
  });
  return {secret, security::otpauth_uri(kIssuer, actor.email, secret)};
}

TwoFactorChange TwoFactorService::confirm(const core::Actor& actor, const std::string& code) {
  core::Millis now = ctx_.clock.now();
  std::vector<std::string> codes = security::generate_recovery_codes();
  std::vector<std::string> digests;
  for (const auto& rc : codes) digests.push_back(security::recovery_code_digest(rc));
  store::UserRecord user = ctx_.db.write([&](store::Connection& c) {
    store::UserRecord u = local_account(c, actor);
    auto record = tf::find(c, actor.user_id);
    if (!record) throw core::Conflict("No two-factor setup is pending; start with setup.");
    if (record->enabled) throw core::Conflict("Two-factor sign-in is already on.");
    std::string key = key_of(*record);
    auto step = key.empty() ? std::nullopt : security::totp_verify(key, code, now);
    if (!step) throw core::ValidationError("code", "is wrong");
    // Names the secret checked above, so a setup racing in between (a new
    // secret the person has not seen) makes this fail instead of enabling it.
    if (!tf::enable(c, actor.user_id, record->secret, *step, now)) {
      throw core::Conflict("The two-factor setup changed meanwhile; start again.");
    }
    tf::replace_recovery_codes(c, actor.user_id, digests, now);
    // A privilege change: no session opened before it survives.
    store::users::delete_sessions_of(c, actor.user_id);
    note_access_change(c, actor.user_id);
    Journal(c, &actor, now)
        .audit("user", actor.user_id, "two_factor_enabled", nullptr,
               json::object{{"recovery_codes", static_cast<std::int64_t>(codes.size())}});
    return u;
  });
  return {std::move(user), std::move(codes)};
}

TwoFactorChange TwoFactorService::disable(const core::Actor& actor, const std::string& password,
                                          const std::string& code) {
  auto user = ctx_.db.read([&](store::Connection& c) { return local_account(c, actor); });
  // The slow hash runs outside the transaction. A wrong password says nothing
  // about the code, so a stolen session cannot probe codes with it.
  if (!security::verify_password(password, user.password_hash)) {
    throw core::ValidationError("password", "is wrong");
  }
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    auto record = tf::find(c, actor.user_id);
    if (!record || !record->enabled) throw core::Conflict("Two-factor sign-in is not on.");
    std::optional<CodeKind> used;
    if (use_totp(c, *record, code, now))
      used = CodeKind::kTotp;
    else if (use_recovery_code(c, actor.user_id, code))
      used = CodeKind::kRecovery;
    if (!used) throw core::ValidationError("code", "is wrong");
    if (*used == CodeKind::kRecovery) audit_recovery_code_use(c, actor, now);
    tf::remove(c, actor.user_id);
    store::users::delete_sessions_of(c, actor.user_id);
    note_access_change(c, actor.user_id);
    Journal(c, &actor, now)
        .audit("user", actor.user_id, "two_factor_disabled", nullptr,
               json::object{{"confirmed_with", to_string(*used)}});
  });
  return {std::move(user), {}};
}

bool TwoFactorService::enabled(std::int64_t user_id) {
  return ctx_.db.read([&](store::Connection& c) { return tf::is_enabled(c, user_id); });
}

void TwoFactorService::check_sign_in(const store::UserRecord& user, const SecondFactor& factor) {
  if (!enabled(user.id)) return;
  if (!factor.given()) throw SecondFactorRequired();
  core::Millis now = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    core::Actor actor = actor_of(c, user);
    auto record = tf::find(c, user.id);
    if (!record || !record->enabled) return;  // turned off meanwhile: the password suffices
    if (factor.totp_code && !factor.totp_code->empty()) {
      if (!use_totp(c, *record, *factor.totp_code, now)) throw core::Unauthorized(kWrongCode);
      return;
    }
    if (!use_recovery_code(c, user.id, *factor.recovery_code)) {
      throw core::Unauthorized(kWrongCode);
    }
    audit_recovery_code_use(c, actor, now);
  });
}

}  // namespace escalated::services
