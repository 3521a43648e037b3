#include "services/access/role_service.h"
#include "services/access/access_changes.h"

#include <set>

#include "core/errors.h"
#include "core/text.h"
#include "core/time_format.h"
#include "services/base/journal.h"
#include "store/user_repo.h"

namespace escalated::services {
namespace json = boost::json;
namespace {

using core::trim;

// `permissions` as sent: known slugs, each error naming its position.
core::PermissionSet parse_permissions(const std::vector<std::string>& slugs,
                                      core::FieldErrorCollector& errors) {
  core::PermissionSet set;
  for (size_t i = 0; i < slugs.size(); ++i) {
    if (auto p = core::parse_permission(slugs[i]))
      set.add(*p);
    else
      errors.add("permissions[" + std::to_string(i) + "]", "is not a permission");
  }
  return set;
}

// Keeps users.role, the coarse kind, in step with the user's roles.
void refresh_kind(store::Connection& c, std::int64_t user_id) {
  auto user = store::users::find(c, user_id);
  if (!user) return;
  core::Role kind = core::kind_of(store::roles::permissions_of(c, user_id));
  if (kind != user->role) store::users::set_kind(c, user_id, kind);
}

}  // namespace

json::object role_json(const store::roles::RoleRecord& r) {
  json::array permissions;
  for (const auto& slug : r.permissions.slugs()) permissions.emplace_back(slug);
  return {{"id", r.id},
          {"slug", r.slug},
          {"name", r.name},
          {"description", r.description},
          {"permissions", std::move(permissions)},
          {"system", r.system},
          {"user_count", r.user_count},
          {"created_at", core::format_rfc3339(r.created_at)},
          {"updated_at", core::format_rfc3339(r.updated_at)}};
}

std::vector<store::roles::RoleRecord> RoleService::list(const core::Actor& actor) {
  if (!actor.can(core::Permission::kRoleManage)) require(actor, core::Permission::kUserView);
  return ctx_.db.read([&](store::Connection& c) { return store::roles::list(c); });
}

store::roles::RoleRecord RoleService::get(const core::Actor& actor, std::int64_t id) {
  if (!actor.can(core::Permission::kRoleManage)) require(actor, core::Permission::kUserView);
  return core::found_or_404(
      ctx_.db.read([&](store::Connection& c) { return store::roles::find(c, id); }), "role");
}

store::roles::RoleRecord RoleService::create(const core::Actor& actor, const RoleFields& f) {
  require(actor, core::Permission::kRoleManage);
  core::FieldErrorCollector errors;
  store::roles::RoleRecord r;
  r.name = trim(f.name.value_or(""));
  r.slug = trim(f.slug.value_or(""));
  r.description = trim(f.description.value_or(""));
  if (r.name.empty()) errors.add("name", "is required");
  if (r.name.size() > 100) errors.add("name", "must be at most 100 characters");
  if (!core::valid_role_slug(r.slug))
    errors.add("slug", "must be 1-64 of a-z, 0-9, '_' and '-', starting with a letter");
  if (r.description.size() > 1000) errors.add("description", "must be at most 1000 characters");
  if (!f.permissions)
    errors.add("permissions", "is required (a list of permission slugs, may be empty)");
  else
    r.permissions = parse_permissions(*f.permissions, errors);
  errors.raise_if_any();
  if (!actor.permissions.contains(r.permissions))
    throw core::Forbidden("A role can grant only permissions you hold yourself.");
  r.created_at = r.updated_at = ctx_.clock.now();
  return ctx_.db.write([&](store::Connection& c) {
    if (store::roles::find_by_slug(c, r.slug))
      throw core::ValidationError("slug", "is already taken");
    r.id = store::roles::insert(c, r);
    Journal(c, &actor, r.created_at).audit("role", r.id, "created", nullptr, role_json(r));
    return r;
  });
}

store::roles::RoleRecord RoleService::update(const core::Actor& actor, std::int64_t id,
                                             const RoleFields& f) {
  require(actor, core::Permission::kRoleManage);
  core::FieldErrorCollector errors;
  std::optional<core::PermissionSet> permissions;
  if (f.permissions) permissions = parse_permissions(*f.permissions, errors);
  if (f.name && (trim(*f.name).empty() || trim(*f.name).size() > 100))
    errors.add("name", "must be 1 to 100 characters");
  if (f.slug && !core::valid_role_slug(trim(*f.slug)))
    errors.add("slug", "must be 1-64 of a-z, 0-9, '_' and '-', starting with a letter");
  if (f.description && f.description->size() > 1000)
    errors.add("description", "must be at most 1000 characters");
  errors.raise_if_any();
  if (permissions && !actor.permissions.contains(*permissions))
    throw core::Forbidden("A role can grant only permissions you hold yourself.");
  return ctx_.db.write([&](store::Connection& c) {
    store::users::lock_admin_changes(c);
    auto before = core::found_or_404(store::roles::find(c, id), "role");
    if (before.system)
      throw core::Conflict("System roles are fixed; make a custom role to grant other sets.");
    store::roles::RoleRecord after = before;
    if (f.name) after.name = trim(*f.name);
    if (f.slug) after.slug = trim(*f.slug);
    if (f.description) after.description = trim(*f.description);
    if (permissions) after.permissions = *permissions;
    if (after.slug != before.slug && store::roles::find_by_slug(c, after.slug))
      throw core::ValidationError("slug", "is already taken");
    after.updated_at = ctx_.clock.now();
    store::roles::update(c, after);
    if (!(after.permissions == before.permissions)) {
      for (std::int64_t user_id : store::roles::users_with_role(c, id)) {
        refresh_kind(c, user_id);
        note_access_change(c, user_id);
      }
      if (store::users::count_active_admins(c) == 0)
        throw core::Conflict(
            "No active user could manage roles after this change; keep role.manage here or "
            "give another user the admin role first.");
    }
    Journal(c, &actor, after.updated_at)
        .audit("role", id, "updated", role_json(before), role_json(after));
    return after;
  });
}

void RoleService::remove(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kRoleManage);
  ctx_.db.write([&](store::Connection& c) {
    auto role = core::found_or_404(store::roles::find(c, id), "role");
    if (role.system) throw core::Conflict("System roles cannot be deleted.");
    if (role.user_count > 0)
      throw core::Conflict(std::to_string(role.user_count) +
                           " user(s) hold this role; give them another role first.");
    store::roles::remove(c, id);
    Journal(c, &actor, ctx_.clock.now()).audit("role", id, "deleted", role_json(role), nullptr);
  });
}

core::Role assign_roles(store::Connection& c, std::int64_t user_id,
                        const std::vector<std::string>& slugs, const core::Actor* by,
                        const std::string& field) {
  core::FieldErrorCollector errors;
  if (slugs.size() > 20) errors.add(field, "must name at most 20 roles");
  check_role_slugs(c, slugs, errors, field);
  errors.raise_if_any();
  std::vector<std::int64_t> ids;
  std::set<std::int64_t> seen;
  core::PermissionSet granted;
  for (const auto& slug : slugs) {
    auto role = store::roles::find_by_slug(c, slug);
    if (seen.insert(role->id).second) ids.push_back(role->id);
    granted = granted | role->permissions;
  }
  if (by && !by->permissions.contains(granted))
    throw core::Forbidden("You can grant only roles whose permissions you hold yourself.");
  store::roles::set_user_roles(c, user_id, ids);
  note_access_change(c, user_id);
  core::Role kind = core::kind_of(granted);
  store::users::set_kind(c, user_id, kind);
  return kind;
}

void check_role_slugs(store::Connection& c, const std::vector<std::string>& slugs,
                      core::FieldErrorCollector& errors, const std::string& field) {
  if (slugs.empty()) errors.add(field, "must name at least one role");
  for (size_t i = 0; i < slugs.size(); ++i) {
    if (!store::roles::find_by_slug(c, slugs[i]))
      errors.add(field + "[" + std::to_string(i) + "]", "names no role");
  }
}

core::Actor actor_of(store::Connection& c, const store::UserRecord& user) {
  return core::Actor{user.id, user.role, user.name, user.email,
                     store::roles::permissions_of(c, user.id)};
}

}  // namespace escalated::services
