// Roles (system and custom) and which users hold them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/permissions.h"
#include "store/database.h"
#include "store/records.h"

namespace escalated::store::roles {

struct RoleRecord {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string description;
  core::PermissionSet permissions;
  bool system = false;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::int64_t user_count = 0;  // filled by list() and find()
};

// Writes the system roles' names and permissions as this version defines
// them (core::system_roles), creating any that are missing. Runs at start.
void sync_system_roles(Connection& c, Millis now);

std::vector<RoleRecord> list(Connection& c);
std::optional<RoleRecord> find(Connection& c, std::int64_t id);
std::optional<RoleRecord> find_by_slug(Connection& c, const std::string& slug);
// Throws DatabaseError (constraint) when the slug is taken.
std::int64_t insert(Connection& c, const RoleRecord& role);
void update(Connection& c, const RoleRecord& role);
void remove(Connection& c, std::int64_t id);

// The roles a user holds, in id order.
std::vector<RoleRecord> roles_of(Connection& c, std::int64_t user_id);
// The union of the permissions of the user's roles: runs on every request,
// one indexed statement.
core::PermissionSet permissions_of(Connection& c, std::int64_t user_id);
void set_user_roles(Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& role_ids);
std::vector<std::int64_t> users_with_role(Connection& c, std::int64_t role_id);

}  // namespace escalated::store::roles
