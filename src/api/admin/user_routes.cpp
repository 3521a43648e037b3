// Admin > Users: list, create and change accounts (roles, departments,
// deactivation); the service checks every field and the admin safeguards.
#include "api/admin/admin.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

std::optional<std::vector<std::string>> role_slugs(RequestContext& ctx) {
  return ctx.fields().strings("roles", "must be a list of role slugs, such as [\"agent\"]",
                              "must be a role slug");
}

}  // namespace

void register_user_routes(http::Router& router, ApiServices& s) {
  router.add(
      "GET", "/admin/users", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        services::UserPage page =
            s.user_admin.list(ctx.actor(), {ctx.query("role"), ctx.query("q"), ctx.query("active"),
                                            ctx.query("limit"), ctx.query("cursor")});
        return http::json_response(
            200, page_json(page.data, page.next_cursor,
                           [](const auto& item) { return services::managed_user_json(item); }));
      },
      "List users, a page at a time, by role, text and active");
  router.add(
      "POST", "/admin/users", Access::need(core::Permission::kUserManage),
      [&s](RequestContext& ctx) {
        services::NewManagedUser input;
        input.name = ctx.fields().string("name").value_or("");
        input.email = ctx.fields().string("email").value_or("");
        input.password = ctx.fields().string("password").value_or("");
        input.roles = role_slugs(ctx);
        ctx.check();
        return http::json_response(
            201, services::managed_user_json(s.user_admin.create(ctx.actor(), input)));
      },
      "Create a user with a password and roles");
  router.add(
      "GET", "/admin/users/{id}", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        return http::json_response(
            200, services::managed_user_json(s.user_admin.get(ctx.actor(), ctx.id_param("id"))));
      },
      "One user");
  router.add(
      "PATCH", "/admin/users/{id}", Access::need(core::Permission::kUserManage),
      [&s](RequestContext& ctx) {
        services::ManagedUserPatch patch;
        patch.name = ctx.fields().string("name");
        patch.active = ctx.fields().boolean("active");
        patch.roles = role_slugs(ctx);
        patch.department_ids = ctx.fields().ids(
            "department_ids", "must be a list of department ids", "must be a department id");
        patch.preferences.locale = ctx.fields().nullable_string("locale");
        patch.preferences.timezone = ctx.fields().nullable_string("timezone");
        ctx.check();
        return http::json_response(200, services::managed_user_json(s.user_admin.update(
                                            ctx.actor(), ctx.id_param("id"), patch)));
      },
      "Change a user's name, roles, departments, active flag, language or time zone");
}

}  // namespace escalated::api
