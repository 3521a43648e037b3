#include "services/access/account_service.h"
#include "services/access/access_changes.h"

#include <algorithm>
#include <boost/json/value.hpp>

#include "core/errors.h"
#include "core/locale.h"
#include "core/text.h"
#include "core/time_zone.h"
#include "security/passwords.h"
#include "security/tokens.h"
#include "services/access/role_service.h"
#include "services/base/journal.h"
#include "services/base/ticket_json.h"
#include "store/role_repo.h"
#include "store/user_repo.h"

namespace escalated::services {
namespace {

using core::lower;
using core::trim;

// A deliberately plain check: one @, something on both sides, a dot in the
// domain, no spaces or control characters. Mail delivery is the real test.
bool looks_like_email(const std::string& e) {
  if (e.size() > 254) return false;
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at != e.rfind('@')) return false;
  auto domain = e.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string::npos || domain.front() == '.' ||
      domain.back() == '.')
    return false;
  return std::none_of(e.begin(), e.end(), [](unsigned char ch) { return ch <= ' ' || ch == 127; });
}

}  // namespace

void AccountService::check_new_user(const NewUser& input) const {
  core::FieldErrorCollector errors;
  std::string name = trim(input.name);
  std::string email = lower(trim(input.email));
  if (name.empty()) errors.add("name", "is required");
  if (name.size() > 200) errors.add("name", "must be at most 200 characters");
  if (email.empty())
    errors.add("email", "is required");
  else if (!looks_like_email(email))
    errors.add("email", "is not a valid e-mail address");
  if (input.password.size() < 8) errors.add("password", "must be at least 8 characters");
  if (input.password.size() > 1024) errors.add("password", "must be at most 1024 characters");
  errors.raise_if_any();
}

store::UserRecord AccountService::create_user(const NewUser& input, const core::Actor* by) {
  core::FieldErrorCollector errors;
  try {
    check_new_user(input);
  } catch (const core::ValidationError& e) {
    errors.add_all(e.errors());
  }
  ctx_.db.read([&](store::Connection& c) { check_role_slugs(c, input.roles, errors); });
  errors.raise_if_any();
  std::string name = trim(input.name);
  std::string email = lower(trim(input.email));

  store::UserRecord user;
  user.name = name;
  user.email = email;
  user.password_hash = security::hash_password(input.password);
  user.created_at = user.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    if (store::users::find_by_email(c, email)) {
      throw core::ValidationError("email", "is already taken");
    }
    user.id = store::users::insert(c, user);
    user.role = assign_roles(c, user.id, input.roles, by);
    Journal journal(c, by, user.created_at);
    journal.audit("user", user.id, "created", nullptr, user_json(user));
  });
  return user;
}

SignIn AccountService::register_customer(const NewUser& input) {
  if (!ctx_.options.allow_registration) throw core::Forbidden("Registration is turned off.");
  NewUser customer = input;
  customer.roles = {"customer"};
  return open_session(create_user(customer, nullptr));
}

SignIn AccountService::login(const std::string& email, const std::string& password,
                             const SecondFactor& second) {
  auto user = ctx_.db.read([&](store::Connection& c) {
    return store::users::find_by_email(c, core::normalize_email(email));
  });
  // Verify against a decoy when there is no such user, so timing does not
  // reveal which e-mail addresses have accounts.
  bool ok = security::verify_password(password, user && !user->password_hash.empty()
                                                    ? user->password_hash
                                                    : security::decoy_password_hash());
  if (!user || !ok || !user->active || user->password_hash.empty()) {
    throw core::Unauthorized("The e-mail or password is wrong.");
  }
  two_factor_.check_sign_in(*user, second);
  return open_session(*user);
}

SignIn AccountService::open_session(const store::UserRecord& user) {
  SignIn out{user, security::random_token(32), security::random_token(24)};
  store::SessionRecord s;
  s.token_hash = security::sha256_hex(out.session_token);
  s.user_id = user.id;
  s.csrf_token = out.csrf_token;
  s.created_at = ctx_.clock.now();
  s.expires_at = s.created_at + std::int64_t{ctx_.options.session_lifetime_hours} * 3600 * 1000;
  ctx_.db.write([&](store::Connection& c) {
    store::users::delete_expired_sessions(c, s.created_at);
    store::users::insert_session(c, s);
  });
  return out;
}

std::optional<SessionInfo> AccountService::session(const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 200) return std::nullopt;
  std::string hash = security::sha256_hex(session_token);
  return ctx_.db.read([&](store::Connection& c) -> std::optional<SessionInfo> {
    auto found = store::users::find_session_user(c, hash);
    if (!found) return std::nullopt;
    const auto& [s, user] = *found;
    if (s.expires_at <= ctx_.clock.now() || !user.active) return std::nullopt;
    return SessionInfo{actor_of(c, user), s.csrf_token};
  });
}

SignIn AccountService::change_password(const core::Actor& actor,
                                       const std::string& current_password,
                                       const std::string& new_password) {
  auto user = find(actor.user_id);
  if (!user) throw core::Unauthorized();
  if (user->password_hash.empty()) {
    throw core::Forbidden("This account signs in through the host application.");
  }
  core::FieldErrorCollector errors;
  if (!security::verify_password(current_password, user->password_hash)) {
    errors.add("current_password", "is wrong");
  }
  if (new_password.size() < 8) errors.add("new_password", "must be at least 8 characters");
  if (new_password.size() > 1024) errors.add("new_password", "must be at most 1024 characters");
  errors.raise_if_any();
  user->password_hash = security::hash_password(new_password);
  user->updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    store::users::update_profile(c, *user);
    store::users::delete_sessions_of(c, user->id);
    note_access_change(c, user->id);
    // The audit says that it changed, never what to.
    Journal(c, &actor, user->updated_at)
        .audit("user", user->id, "password_changed", nullptr, nullptr);
  });
  return open_session(*user);
}

void AccountService::logout(const std::string& session_token) {
  std::string hash = security::sha256_hex(session_token);
  ctx_.db.write([&](store::Connection& c) {
    if (auto found = store::users::find_session_user(c, hash)) {
      store::users::delete_session(c, hash);
      note_access_change(c, found->second.id);
    }
  });
}

core::Actor AccountService::resolve_principal(const Principal& p) {
  // The host names one role slug or several, comma-separated.
  std::vector<std::string> slugs = core::split_list(p.role);
  if (slugs.empty()) throw core::Forbidden("The host named no role.");
  if (p.external_id.empty()) throw core::Forbidden("The host's principal has no external id.");
  std::string email = lower(trim(p.email));
  auto held = [](store::Connection& c, std::int64_t user_id) {
    std::vector<std::string> out;
    for (const auto& r : store::roles::roles_of(c, user_id)) out.push_back(r.slug);
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> wanted = slugs;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  // The common case reads only: the host's user is known and unchanged.
  auto unchanged = ctx_.db.read([&](store::Connection& c) -> std::optional<core::Actor> {
    auto u = store::users::find_by_external_id(c, p.external_id);
    if (u && u->name == p.name && u->email == email && u->active && held(c, u->id) == wanted)
      return actor_of(c, *u);
    return std::nullopt;
  });
  if (unchanged) return *unchanged;
  try {
    return ctx_.db.write([&](store::Connection& c) {
      auto user = store::users::find_by_external_id(c, p.external_id);
      core::Millis now = ctx_.clock.now();
      if (!user) {
        store::UserRecord u;
        u.name = p.name.empty() ? email : p.name;
        u.email = email.empty() ? p.external_id + "@host.invalid" : email;
        u.external_id = p.external_id;
        u.created_at = u.updated_at = now;
        u.id = store::users::insert(c, u);
        user = u;
      } else {
        user->name = p.name.empty() ? user->name : p.name;
        if (!email.empty()) user->email = email;
        user->active = true;
        user->updated_at = now;
        store::users::update_profile(c, *user);
      }
      // The host is trusted with its users' roles: no `by` to narrow them.
      if (held(c, user->id) != wanted) user->role = assign_roles(c, user->id, slugs, nullptr);
      return actor_of(c, *user);
    });
  } catch (const core::ValidationError&) {
    throw core::Forbidden("The host named an unknown role: " + p.role);
  }
}

std::optional<store::UserRecord> AccountService::find(std::int64_t id) {
  return ctx_.db.read([&](store::Connection& c) { return store::users::find(c, id); });
}

void check_preferences(const PreferencesPatch& patch, core::FieldErrorCollector& errors) {
  if (patch.locale && *patch.locale && !core::supported_locale(**patch.locale)) {
    errors.add("locale", "must be one of " + core::locale_list());
  }
  if (patch.timezone && *patch.timezone && !core::known_time_zone(**patch.timezone))
    errors.add("timezone", "must be an IANA time zone such as Europe/Berlin");
}

void apply_preferences(const PreferencesPatch& patch, store::UserRecord& user) {
  if (patch.locale) user.locale = *patch.locale;
  if (patch.timezone) user.timezone = *patch.timezone;
}

store::UserRecord AccountService::set_preferences(const core::Actor& actor,
                                                  const PreferencesPatch& patch) {
  core::FieldErrorCollector errors;
  check_preferences(patch, errors);
  errors.raise_if_any();
  return ctx_.db.write([&](store::Connection& c) {
    store::UserRecord before = core::found_or_404(store::users::find(c, actor.user_id), "user");
    store::UserRecord after = before;
    apply_preferences(patch, after);
    if (after.locale == before.locale && after.timezone == before.timezone) return after;
    after.updated_at = ctx_.clock.now();
    store::users::set_preferences(c, after.id, after.locale, after.timezone, after.updated_at);
    auto text_or_null = [](const std::optional<std::string>& v) {
      return v ? boost::json::value(*v) : boost::json::value();
    };
    Journal(c, &actor, after.updated_at)
        .audit("user", after.id, "preferences_changed",
               boost::json::object{{"locale", text_or_null(before.locale)},
                                   {"timezone", text_or_null(before.timezone)}},
               boost::json::object{{"locale", text_or_null(after.locale)},
                                   {"timezone", text_or_null(after.timezone)}});
    return after;
  });
}

core::Actor AccountService::actor_for(std::int64_t user_id) {
  return ctx_.db.read([&](store::Connection& c) {
    auto user = core::found_or_404(store::users::find(c, user_id), "user");
    return actor_of(c, user);
  });
}

std::vector<store::UserRecord> AccountService::list_staff(const core::Actor& actor) {
  if (!actor.is_staff()) throw core::NotFound();
  return ctx_.db.read([&](store::Connection& c) { return store::users::list_staff(c); });
}

std::int64_t AccountService::count_users() {
  return ctx_.db.read([&](store::Connection& c) { return store::users::count(c); });
}

}  // namespace escalated::services
