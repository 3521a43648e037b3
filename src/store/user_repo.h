// Users and their sign-in sessions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::users {

// Inserts and returns the new id. Throws DatabaseError (constraint) when the
// e-mail is taken.
std::int64_t insert(Connection& c, const UserRecord& user);
std::optional<UserRecord> find(Connection& c, std::int64_t id);
// Local accounts only (not users an embedding host maps in).
std::optional<UserRecord> find_by_email(Connection& c, const std::string& lower_email);
std::optional<UserRecord> find_by_external_id(Connection& c, const std::string& external_id);
void update_profile(Connection& c, const UserRecord& user);
// The user's own language and time zone (NULL: follow the browser).
void set_preferences(Connection& c, std::int64_t id, const std::optional<std::string>& locale,
                     const std::optional<std::string>& timezone, Millis now);
// Staff (agents and admins), active ones first by name.
std::vector<UserRecord> list_staff(Connection& c);
std::int64_t count(Connection& c);

std::int64_t insert_session(Connection& c, const SessionRecord& session);
// The session and its user in one statement: this runs on every request.
std::optional<std::pair<SessionRecord, UserRecord>> find_session_user(
    Connection& c, const std::string& token_hash);
void delete_session(Connection& c, const std::string& token_hash);
// Ends every session of the user (password change, deactivation).
void delete_sessions_of(Connection& c, std::int64_t user_id);
void delete_expired_sessions(Connection& c, Millis now);

// --- User management (the admin panel) ---

// A user as admins see it: the account, whether its second factor is on, and
// the departments it works in (ascending ids).
struct ManagedUser {
  UserRecord user;
  bool two_factor_enabled = false;
  std::vector<std::int64_t> department_ids;
  std::vector<std::string> roles;  // role slugs, in role id order
};

// Filters of the admin list; every set one must hold. Rows come in id order,
// those after `after_id`, at most `limit` of them.
struct ManagedUserFilter {
  std::optional<std::string> role_slug;  // holds this role
  std::optional<std::string> text;       // substring of name or e-mail, any case
  std::optional<bool> active;
  std::optional<std::int64_t> after_id;
  int limit = 50;
};

// One statement for the whole page: users, their second factor and their
// departments (no query per user).
std::vector<ManagedUser> list_managed(Connection& c, const ManagedUserFilter& filter);
std::optional<ManagedUser> find_managed(Connection& c, std::int64_t id);
// Writes what admins change (name, active, updated_at) and nothing else,
// so a password or e-mail changed meanwhile by the user is not overwritten.
void update_managed(Connection& c, const UserRecord& user);
// The coarse kind (users.role), kept in step with the user's roles by
// services::RoleAssignment.
void set_kind(Connection& c, std::int64_t user_id, core::Role kind);
std::vector<std::int64_t> department_ids_of(Connection& c, std::int64_t user_id);
// Replaces the user's departments with these (existing, distinct) ids.
void set_departments(Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& ids);
std::int64_t count_active_admins(Connection& c);
// Serialises changes that could leave no active admin. PostgreSQL runs
// writers side by side, so two admins demoting each other at once could
// otherwise both see the other still in place; SQLite has one writer anyway.
void lock_admin_changes(Connection& c);

}  // namespace escalated::store::users
