#include "store/role_repo.h"

namespace escalated::store::roles {
namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.slug, r.name, r.description, r.permissions, r.system, r.created_at, "
    "r.updated_at, (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id) FROM roles r";

RoleRecord read_role(const Row& r) {
  RoleRecord role;
  role.id = r.i64(0);
  role.slug = r.text(1);
  role.name = r.text(2);
  role.description = r.text(3);
  role.permissions = core::PermissionSet::parse(r.text(4));
  role.system = r.i64(5) != 0;
  role.created_at = r.i64(6);
  role.updated_at = r.i64(7);
  role.user_count = r.i64(8);
  return role;
}

}  // namespace

void sync_system_roles(Connection& c, Millis now) {
  for (const auto& sr : core::system_roles()) {
    std::string slug(sr.slug), name(sr.name), description(sr.description);
    std::string permissions = sr.permissions.serialize();
    auto existing = find_by_slug(c, slug);
    if (!existing) {
      RoleRecord r;
      r.slug = slug;
      r.name = name;
      r.description = description;
      r.permissions = sr.permissions;
      r.system = true;
      r.created_at = r.updated_at = now;
      insert(c, r);
    } else if (existing->permissions.serialize() != permissions || existing->name != name ||
               existing->description != description || !existing->system) {
      c.execute(
          "UPDATE roles SET name = ?, description = ?, permissions = ?, system = 1, "
          "updated_at = ? WHERE id = ?",
          {name, description, permissions, now, existing->id});
    }
  }
}

std::vector<RoleRecord> list(Connection& c) {
  std::vector<RoleRecord> out;
  for (const Row& r : c.query(std::string(kSelect) + " ORDER BY r.system DESC, r.id").rows)
    out.push_back(read_role(r));
  return out;
}

std::optional<RoleRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE r.id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_role(rs.first());
}

std::optional<RoleRecord> find_by_slug(Connection& c, const std::string& slug) {
  ResultSet rs = c.query(std::string(kSelect) + " WHERE r.slug = ?", {slug});
  if (rs.empty()) return std::nullopt;
  return read_role(rs.first());
}

std::int64_t insert(Connection& c, const RoleRecord& r) {
  return c
      .query(
          "INSERT INTO roles (slug, name, description, permissions, system, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {r.slug, r.name, r.description, r.permissions.serialize(), r.system ? 1 : 0, r.created_at,
           r.updated_at})
      .first()
      .i64(0);
}

void update(Connection& c, const RoleRecord& r) {
  c.execute(
      "UPDATE roles SET slug = ?, name = ?, description = ?, permissions = ?, updated_at = ? "
      "WHERE id = ?",
      {r.slug, r.name, r.description, r.permissions.serialize(), r.updated_at, r.id});
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM roles WHERE id = ?", {id});
}

std::vector<RoleRecord> roles_of(Connection& c, std::int64_t user_id) {
  std::vector<RoleRecord> out;
  for (const Row& r :
       c.query(std::string(kSelect) +
                   " JOIN user_roles u ON u.role_id = r.id WHERE u.user_id = ? ORDER BY r.id",
               {user_id})
           .rows)
    out.push_back(read_role(r));
  return out;
}

core::PermissionSet permissions_of(Connection& c, std::int64_t user_id) {
  core::PermissionSet all;
  for (const Row& r : c.query("SELECT r.permissions FROM user_roles u JOIN roles r ON "
                              "r.id = u.role_id WHERE u.user_id = ?",
                              {user_id})
                          .rows)
    all = all | core::PermissionSet::parse(r.text(0));
  return all;
}

void set_user_roles(Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& ids) {
  c.execute("DELETE FROM user_roles WHERE user_id = ?", {user_id});
  for (std::int64_t id : ids)
    c.execute("INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)", {user_id, id});
}

std::vector<std::int64_t> users_with_role(Connection& c, std::int64_t role_id) {
  std::vector<std::int64_t> out;
  for (const Row& r :
       c.query("SELECT user_id FROM user_roles WHERE role_id = ? ORDER BY user_id", {role_id}).rows)
    out.push_back(r.i64(0));
  return out;
}

}  // namespace escalated::store::roles
