// Admin > Roles: the permission catalogue, the system roles and admins' own
// roles.
#include "api/admin/admin.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

services::RoleFields role_fields(RequestContext& ctx) {
  services::RoleFields f;
  f.name = ctx.fields().string("name");
  f.slug = ctx.fields().string("slug");
  f.description = ctx.fields().string("description");
  f.permissions = ctx.fields().strings("permissions", "must be a list of permission slugs",
                                       "is not a permission");
  ctx.check();
  return f;
}

}  // namespace

void register_role_routes(http::Router& router, ApiServices& s) {
  router.add(
      "GET", "/admin/permissions", Access::need(core::Permission::kUserView),
      [](RequestContext&) {
        json::array a;
        for (auto p : core::all_permissions()) {
          std::string slug(core::to_string(p));
          a.push_back(json::object{{"slug", slug}, {"area", slug.substr(0, slug.find('.'))}});
        }
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "Every permission slug, with its area");
  router.add(
      "GET", "/admin/roles", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& r : s.roles.list(ctx.actor())) a.push_back(services::role_json(r));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "List roles (system roles first) with their permissions and user counts");
  router.add(
      "POST", "/admin/roles", Access::need(core::Permission::kRoleManage),
      [&s](RequestContext& ctx) {
        return http::json_response(
            201, services::role_json(s.roles.create(ctx.actor(), role_fields(ctx))));
      },
      "Create a custom role");
  router.add(
      "GET", "/admin/roles/{id}", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        return http::json_response(
            200, services::role_json(s.roles.get(ctx.actor(), ctx.id_param("id"))));
      },
      "One role");
  for (const char* method : {"PATCH", "PUT"}) {
    router.add(
        method, "/admin/roles/{id}", Access::need(core::Permission::kRoleManage),
        [&s](RequestContext& ctx) {
          return http::json_response(200, services::role_json(s.roles.update(
                                              ctx.actor(), ctx.id_param("id"), role_fields(ctx))));
        },
        "Change a custom role");
  }
  router.add(
      "DELETE", "/admin/roles/{id}", Access::need(core::Permission::kRoleManage),
      [&s](RequestContext& ctx) {
        s.roles.remove(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a custom role no user holds");
}

}  // namespace escalated::api
