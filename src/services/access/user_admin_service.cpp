#include "services/access/user_admin_service.h"
#include "services/access/access_changes.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/errors.h"
#include "core/text.h"
#include "core/time_format.h"
#include "services/access/role_service.h"
#include "services/base/journal.h"
#include "store/catalog_repo.h"
#include "store/role_repo.h"

namespace escalated::services {
namespace json = boost::json;
namespace {

using core::trim;

// Cursors are the id of the page's last user behind a version letter, so
// the format can change without old cursors being misread.
std::string encode_cursor(std::int64_t last_id) {
  return "u" + std::to_string(last_id);
}
std::optional<std::int64_t> decode_cursor(const std::string& text) {
  if (text.size() < 2 || text[0] != 'u') return std::nullopt;
  return core::positive_int(std::string_view(text).substr(1));
}

// `roles` as sent: role slugs, none empty and at least one (which exist is
// checked against the store by assign_roles). Adds to `errors` otherwise.
void check_roles(const std::vector<std::string>& slugs, core::FieldErrorCollector& errors) {
  bool ok = true;
  for (size_t i = 0; i < slugs.size(); ++i) {
    if (slugs[i].empty()) {
      errors.add("roles[" + std::to_string(i) + "]", "must be a role slug");
      ok = false;
    }
  }
  if (ok && slugs.empty()) errors.add("roles", "must name at least one role");
}

// `department_ids` as sent: positive ids, each at most once in the result
// (ascending); `positions` keeps where each id first stood, for errors.
std::optional<std::vector<std::int64_t>> parse_department_ids(
    const std::vector<std::int64_t>& given, core::FieldErrorCollector& errors,
    std::vector<std::pair<size_t, std::int64_t>>& positions) {
  if (given.size() > kMaxDepartmentsPerUser) {
    errors.add("department_ids",
               "must have at most " + std::to_string(kMaxDepartmentsPerUser) + " entries");
    return std::nullopt;
  }
  std::set<std::int64_t> ids;
  bool ok = true;
  for (size_t i = 0; i < given.size(); ++i) {
    if (given[i] <= 0) {
      errors.add("department_ids[" + std::to_string(i) + "]", "must be a department id");
      ok = false;
    } else if (ids.insert(given[i]).second) {
      positions.emplace_back(i, given[i]);
    }
  }
  if (!ok) return std::nullopt;
  return std::vector<std::int64_t>(ids.begin(), ids.end());
}

}  // namespace

json::object managed_user_json(const store::users::ManagedUser& m) {
  json::array roles;
  for (const auto& slug : m.roles) roles.emplace_back(slug);
  json::array departments;
  for (std::int64_t id : m.department_ids) departments.push_back(id);
  return {{"id", m.user.id},
          {"name", m.user.name},
          {"email", m.user.email},
          {"roles", std::move(roles)},
          {"kind", core::to_string(m.user.role)},
          {"department_ids", std::move(departments)},
          {"active", m.user.active},
          {"two_factor_enabled", m.two_factor_enabled},
          {"locale", m.user.locale ? json::value(*m.user.locale) : json::value()},
          {"timezone", m.user.timezone ? json::value(*m.user.timezone) : json::value()},
          {"created_at", core::format_rfc3339(m.user.created_at)},
          {"updated_at", core::format_rfc3339(m.user.updated_at)}};
}

UserPage UserAdminService::list(const core::Actor& actor, const UserListQuery& query) {
  require(actor, core::Permission::kUserView);
  core::FieldErrorCollector errors;
  store::users::ManagedUserFilter filter;
  filter.limit = kDefaultUserPageSize;
  if (query.role && !query.role->empty()) {
    bool known = core::valid_role_slug(*query.role) && ctx_.db.read([&](store::Connection& c) {
      return store::roles::find_by_slug(c, *query.role).has_value();
    });
    if (known)
      filter.role_slug = *query.role;
    else
      errors.add("role", "names no role");
  }
  if (query.q && !query.q->empty()) {
    if (query.q->size() > 200)
      errors.add("q", "must be at most 200 characters");
    else
      filter.text = *query.q;
  }
  if (query.active && !query.active->empty()) {
    if (*query.active == "true" || *query.active == "1")
      filter.active = true;
    else if (*query.active == "false" || *query.active == "0")
      filter.active = false;
    else
      errors.add("active", "must be true or false");
  }
  if (query.limit) {
    auto n = core::positive_int(*query.limit);
    if (n && *n <= kMaxUserPageSize)
      filter.limit = static_cast<int>(*n);
    else
      errors.add("limit", "must be from 1 to " + std::to_string(kMaxUserPageSize));
  }
  if (query.cursor && !query.cursor->empty()) {
    filter.after_id = decode_cursor(*query.cursor);
    if (!filter.after_id) errors.add("cursor", "is not a cursor this server issued");
  }
  errors.raise_if_any();

  const int page_size = filter.limit;
  filter.limit = page_size + 1;  // one more tells whether another page follows
  UserPage page;
  page.data =
      ctx_.db.read([&](store::Connection& c) { return store::users::list_managed(c, filter); });
  if (page.data.size() > static_cast<size_t>(page_size)) {
    page.data.resize(static_cast<size_t>(page_size));
    page.next_cursor = encode_cursor(page.data.back().user.id);
  }
  return page;
}

store::users::ManagedUser UserAdminService::get(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kUserView);
  return core::found_or_404(
      ctx_.db.read([&](store::Connection& c) { return store::users::find_managed(c, id); }),
      "user");
}

store::users::ManagedUser UserAdminService::create(const core::Actor& actor,
                                                   const NewManagedUser& input) {
  require(actor, core::Permission::kUserManage);
  core::FieldErrorCollector errors;
  if (!input.roles)
    errors.add("roles", "is required: a list of role slugs, such as [\"agent\"]");
  else
    check_roles(*input.roles, errors);
  // create_user checks name, e-mail, password and that the roles exist, all
  // at once; with `roles` malformed it is not called, and the other fields'
  // errors come back together with ours.
  NewUser user{input.name, input.email, input.password,
               input.roles.value_or(std::vector<std::string>{})};
  if (!errors.empty()) {
    try {
      user.roles = {"customer"};  // only to collect the other fields' errors
      accounts_.check_new_user(user);
    } catch (const core::ValidationError& e) {
      errors.add_all(e.errors());
    }
    errors.raise_if_any();
  }
  store::UserRecord created = accounts_.create_user(user, &actor);
  return get(actor, created.id);
}

store::users::ManagedUser UserAdminService::update(const core::Actor& actor, std::int64_t id,
                                                   const ManagedUserPatch& patch) {
  require(actor, core::Permission::kUserManage);
  core::FieldErrorCollector errors;
  std::optional<std::string> name;
  if (patch.name) {
    name = trim(*patch.name);
    if (name->empty()) errors.add("name", "must not be empty");
    if (name->size() > 200) errors.add("name", "must be at most 200 characters");
  }
  if (patch.roles) check_roles(*patch.roles, errors);
  check_preferences(patch.preferences, errors);
  std::optional<std::vector<std::int64_t>> department_ids;
  std::vector<std::pair<size_t, std::int64_t>> positions;
  if (patch.department_ids)
    department_ids = parse_department_ids(*patch.department_ids, errors, positions);
  errors.raise_if_any();

  return ctx_.db.write([&](store::Connection& c) {
    store::users::lock_admin_changes(c);
    auto before = core::found_or_404(store::users::find_managed(c, id), "user");
    if (!core::may_manage_holder_of(actor, store::roles::permissions_of(c, id)))
      throw core::Forbidden(
          "That user holds permissions you do not; only someone who holds all of them may "
          "change, deactivate or re-role them.");
    store::users::ManagedUser after = before;
    if (name) after.user.name = *name;
    if (patch.active) after.user.active = *patch.active;
    apply_preferences(patch.preferences, after.user);
    if (patch.roles) {
      std::vector<std::string> wanted = *patch.roles;
      std::sort(wanted.begin(), wanted.end());
      wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
      std::vector<std::string> held = before.roles;
      std::sort(held.begin(), held.end());
      if (wanted != held) {
        // Writes the roles now; the transaction rolls them back if a check
        // below refuses the change.
        after.user.role = assign_roles(c, id, *patch.roles, &actor);
        after.roles = store::users::find_managed(c, id)->roles;
      }
    }

    if (department_ids) {
      for (const auto& [index, department_id] : positions) {
        if (!store::catalog::find_department(c, department_id))
          errors.add("department_ids[" + std::to_string(index) + "]", "names no department");
      }
      if (after.user.role == core::Role::kCustomer && !department_ids->empty())
        errors.add("department_ids", "customers work in no department; make the user an agent");
      errors.raise_if_any();
      after.department_ids = *department_ids;
    } else if (after.user.role == core::Role::kCustomer) {
      after.department_ids.clear();  // demoted to customer: out of every department
    }

    const bool was_admin = before.user.role == core::Role::kAdmin && before.user.active;
    const bool is_admin = after.user.role == core::Role::kAdmin && after.user.active;
    if (was_admin && !is_admin) {
      // The store already holds the new roles (and so the new kind), not yet
      // the new active flag.
      std::int64_t admins_after = store::users::count_active_admins(c);
      if (after.user.role == core::Role::kAdmin) --admins_after;  // being deactivated
      if (admins_after <= 0) {
        throw core::Conflict(before.user.email +
                             " is the last active administrator and stays one: make another "
                             "user an administrator first.");
      }
      if (id == actor.user_id) {
        throw core::Conflict(
            "Administrators cannot remove their own administrator role or deactivate "
            "themselves; another administrator has to.");
      }
    }

    const bool privilege_change =
        after.roles != before.roles || (before.user.active && !after.user.active);
    const bool departments_changed = after.department_ids != before.department_ids;
    const bool preferences_changed =
        after.user.locale != before.user.locale || after.user.timezone != before.user.timezone;
    if (!privilege_change && !departments_changed && after.user.name == before.user.name &&
        after.user.active == before.user.active && !preferences_changed) {
      return after;  // nothing to change, nothing to record
    }
    after.user.updated_at = ctx_.clock.now();
    store::users::update_managed(c, after.user);
    if (departments_changed) store::users::set_departments(c, id, after.department_ids);
    if (preferences_changed)
      store::users::set_preferences(c, id, after.user.locale, after.user.timezone,
                                    after.user.updated_at);
    // Live connections of the user are checked again at once.
    if (privilege_change || departments_changed) note_access_change(c, id);
    Journal journal(c, &actor, after.user.updated_at);
    journal.audit("user", id, "updated", managed_user_json(before), managed_user_json(after));
    if (privilege_change) {
      // Sessions opened under the old privileges end with them; the user
      // signs in again (if still active) and gets a fresh session.
      store::users::delete_sessions_of(c, id);
      journal.audit("user", id, "sessions_ended", nullptr, nullptr);
    }
    return after;
  });
}

}  // namespace escalated::services
