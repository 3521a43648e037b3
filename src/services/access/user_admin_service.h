// User management for administrators: list, read, create and change accounts
// (roles, departments, deactivation). Sign-up, sign-in and a user's own
// password stay with AccountService, which this builds on.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "services/access/account_service.h"
#include "services/base/context.h"
#include "store/user_repo.h"

namespace escalated::services {

inline constexpr int kDefaultUserPageSize = 50;
inline constexpr int kMaxUserPageSize = 200;
inline constexpr size_t kMaxDepartmentsPerUser = 100;

// The list's query parameters as the client sent them (nullopt: absent);
// the service checks them and answers 422 naming the one at fault.
struct UserListQuery {
  std::optional<std::string> role;    // admin | agent | customer
  std::optional<std::string> q;       // substring of name or e-mail, any case
  std::optional<std::string> active;  // true | false (1 | 0)
  std::optional<std::string> limit;   // 1..200, default 50
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct UserPage {
  std::vector<store::users::ManagedUser> data;
  std::optional<std::string> next_cursor;  // nullopt on the last page
};

// `roles` names role slugs (required; at least one, each naming a role: the
// service says "roles[1]" of one that does not).
struct NewManagedUser {
  std::string name;
  std::string email;
  std::string password;
  std::optional<std::vector<std::string>> roles;
};

// A partial update: only the fields that are set change. `department_ids`
// replaces the user's departments (at most kMaxDepartmentsPerUser, each
// naming a department: the service says "department_ids[1]" of one that
// does not).
struct ManagedUserPatch {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::vector<std::int64_t>> department_ids;
  std::optional<bool> active;
  PreferencesPatch preferences;  // locale, timezone
};

class UserAdminService {
 public:
  UserAdminService(ServiceContext& ctx, AccountService& accounts)
      : ctx_(ctx), accounts_(accounts) {}

  // Every method needs an administrator (Forbidden otherwise).

  // Users in id order, a page at a time; ValidationError names a bad
  // parameter (`role`, `active`, `q`, `limit`, `cursor`).
  UserPage list(const core::Actor& actor, const UserListQuery& query);
  store::users::ManagedUser get(const core::Actor& actor, std::int64_t id);
  // Validates name, e-mail and password as registration does (through
  // AccountService::create_user), and `roles`; all field errors at once.
  store::users::ManagedUser create(const core::Actor& actor, const NewManagedUser& input);
  // Changing the role or deactivating ends every session of the user in the
  // same transaction. Conflict when the change would leave no active
  // administrator, or when admins would demote or deactivate themselves.
  // Demoting a user to customer also removes them from their departments.
  store::users::ManagedUser update(const core::Actor& actor, std::int64_t id,
                                   const ManagedUserPatch& patch);

 private:
  ServiceContext& ctx_;
  AccountService& accounts_;
};

// {"id", "name", "email", "roles", "department_ids", "active",
//  "two_factor_enabled", "locale", "timezone", "created_at", "updated_at"}: the API's AdminUser,
// also what the audit log records (it has no password hash).
boost::json::object managed_user_json(const store::users::ManagedUser& user);

}  // namespace escalated::services
