// Accounts of stand-alone mode: users, password sign-in and sessions, and the
// mapping of an embedding host's users onto helpdesk users.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/errors.h"
#include "escalated/principal.h"
#include "services/access/two_factor_service.h"
#include "services/base/context.h"
#include "store/records.h"

namespace escalated::services {

struct NewUser {
  std::string name;
  std::string email;
  std::string password;
  std::vector<std::string> roles = {"customer"};  // role slugs
};

struct SignIn {
  store::UserRecord user;
  std::string session_token;  // goes into the cookie; stored only hashed
  std::string csrf_token;     // echoed by the client in X-CSRF-Token
};

// A change of a user's language and time zone: only the members that are
// set change; a set member holding nullopt clears the choice (the browser's
// then applies).
struct PreferencesPatch {
  std::optional<std::optional<std::string>> locale;    // one of core::kLocales
  std::optional<std::optional<std::string>> timezone;  // an IANA zone name
};

// Adds "locale" and "timezone" errors for values the patch may not set.
void check_preferences(const PreferencesPatch& patch, core::FieldErrorCollector& errors);
// `user` with the patch's set members applied.
void apply_preferences(const PreferencesPatch& patch, store::UserRecord& user);

struct SessionInfo {
  core::Actor actor;
  std::string csrf_token;
};

class AccountService {
 public:
  // Sign-in asks `two_factor` for the second factor of accounts that have
  // one turned on.
  AccountService(ServiceContext& ctx, TwoFactorService& two_factor)
      : ctx_(ctx), two_factor_(two_factor) {}

  // Validates and creates a user (argon2id password). `by` is null for the
  // command line and for self-registration. ValidationError for bad fields,
  // including an e-mail already taken.
  // `input.roles` are given as `by` could (see assign_roles).
  store::UserRecord create_user(const NewUser& input, const core::Actor* by);
  // The checks of create_user on name, e-mail and password alone
  // (ValidationError naming each field at fault).
  void check_new_user(const NewUser& input) const;
  // Self-registration of a customer; Forbidden when registration is off.
  SignIn register_customer(const NewUser& input);
  // Unauthorized (same message) for an unknown e-mail, a wrong password and a
  // deactivated account. With the password right and two-factor sign-in on,
  // SecondFactorRequired when `second` is empty and Unauthorized when its
  // code is wrong or was used before (see TwoFactorService::check_sign_in).
  SignIn login(const std::string& email, const std::string& password,
               const SecondFactor& second = {});
  std::optional<SessionInfo> session(const std::string& session_token);
  // Replaces the caller's password after checking the current one, ends all
  // of the caller's sessions and opens a new one (a stolen session does not
  // survive the change). ValidationError names the field at fault.
  SignIn change_password(const core::Actor& actor, const std::string& current_password,
                         const std::string& new_password);
  void logout(const std::string& session_token);
  // A new session for `user`: sign-in, and the browser that made a privilege
  // change which ended the user's sessions (turning two-factor sign-in on or
  // off).
  SignIn open_session(const store::UserRecord& user);

  // The helpdesk user behind a host's principal, created or refreshed.
  core::Actor resolve_principal(const Principal& principal);
  std::optional<store::UserRecord> find(std::int64_t id);
  // The caller's own language and time zone (ValidationError naming the
  // field at fault); audited as a change of the user.
  store::UserRecord set_preferences(const core::Actor& actor, const PreferencesPatch& patch);
  // The user as a request would act: their roles' permissions (the C++
  // API's way to act as someone). NotFound for an unknown id.
  core::Actor actor_for(std::int64_t user_id);
  std::vector<store::UserRecord> list_staff(const core::Actor& actor);
  std::int64_t count_users();

 private:
  ServiceContext& ctx_;
  TwoFactorService& two_factor_;
};

}  // namespace escalated::services
