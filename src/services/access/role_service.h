// Roles as admins manage them (GET/POST/PATCH/DELETE /admin/roles), and the
// two places roles meet users: giving a user roles, and turning a user into
// the Actor a request runs as.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "store/role_repo.h"

namespace escalated::services {

// A create or partial update as the client sent it (absent: unchanged).
// `permissions` names permission slugs; the service refuses any that is not
// one ("permissions[1]"). A create needs every member but `description`.
struct RoleFields {
  std::optional<std::string> name;
  std::optional<std::string> slug;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> permissions;
};

class RoleService {
 public:
  explicit RoleService(ServiceContext& ctx) : ctx_(ctx) {}

  // user.view or role.manage: admins assigning roles need to see them.
  std::vector<store::roles::RoleRecord> list(const core::Actor& actor);
  store::roles::RoleRecord get(const core::Actor& actor, std::int64_t id);
  // role.manage. A caller grants only permissions they hold themselves.
  store::roles::RoleRecord create(const core::Actor& actor, const RoleFields& fields);
  // role.manage; system roles are fixed (409). Users holding the role get
  // the new permissions on their next request.
  store::roles::RoleRecord update(const core::Actor& actor, std::int64_t id,
                                  const RoleFields& fields);
  // role.manage; refused (409) for system roles and roles users still hold.
  void remove(const core::Actor& actor, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

boost::json::object role_json(const store::roles::RoleRecord& role);

// Gives the user exactly these roles (slugs, each at most once, at least
// one) and keeps users.role, the coarse kind, in step. Unknown slugs are a
// ValidationError on `field` ("roles[1]"). When `by` is set, it may grant
// only roles whose permissions it holds itself, so user.manage alone cannot
// make anyone (including oneself) an administrator. Returns the new kind.
core::Role assign_roles(store::Connection& c, std::int64_t user_id,
                        const std::vector<std::string>& slugs, const core::Actor* by,
                        const std::string& field = "roles");

// Adds "roles[i]: names no role" for each slug that names no role, and a
// `field` error for an empty list.
void check_role_slugs(store::Connection& c, const std::vector<std::string>& slugs,
                      core::FieldErrorCollector& errors, const std::string& field = "roles");

// The actor a user acts as: the union of their roles' permissions.
core::Actor actor_of(store::Connection& c, const store::UserRecord& user);

}  // namespace escalated::services
