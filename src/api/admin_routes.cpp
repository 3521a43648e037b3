// The admin panel's routes for departments, tags and settings.
#include "api/api.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

services::DepartmentFields department_fields(RequestContext& ctx) {
  services::DepartmentFields f;
  f.name = ctx.string_field("name");
  f.description = ctx.string_field("description");
  f.active = ctx.bool_field("active");
  ctx.check();
  return f;
}

services::TagFields tag_fields(RequestContext& ctx) {
  services::TagFields f;
  f.name = ctx.string_field("name");
  f.color = ctx.string_field("color");
  ctx.check();
  return f;
}

// GET list, POST create, GET/PATCH/PUT/DELETE one: the same five routes for
// every catalogue an admin manages.
template <typename List, typename Get, typename Create, typename Update, typename Delete>
void crud(http::Router& router, const std::string& base, const std::string& noun, List list,
          Get get, Create create, Update update, Delete remove) {
  router.add(
      "GET", base, Access::kStaff,
      [list](RequestContext& ctx) {
        return http::json_response(200, json::object{{"data", list(ctx)}});
      },
      "List " + noun + "s");
  router.add(
      "POST", base, Access::kAdmin,
      [create](RequestContext& ctx) { return http::json_response(201, create(ctx)); },
      "Create a " + noun);
  router.add(
      "GET", base + "/{id}", Access::kStaff,
      [get](RequestContext& ctx) { return http::json_response(200, get(ctx)); }, "One " + noun);
  for (const char* method : {"PATCH", "PUT"}) {
    router.add(
        method, base + "/{id}", Access::kAdmin,
        [update](RequestContext& ctx) { return http::json_response(200, update(ctx)); },
        "Change a " + noun);
  }
  router.add(
      "DELETE", base + "/{id}", Access::kAdmin,
      [remove](RequestContext& ctx) {
        remove(ctx);
        return http::no_content();
      },
      "Delete a " + noun);
}

}  // namespace

void register_admin_routes(http::Router& router, ApiServices& s) {
  crud(
      router, "/admin/departments", "department",
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& d : s.catalog.list_departments(ctx.actor()))
          a.push_back(services::department_json(d));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::department_json(s.catalog.get_department(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::department_json(
            s.catalog.create_department(ctx.actor(), department_fields(ctx)));
      },
      [&s](RequestContext& ctx) {
        return services::department_json(
            s.catalog.update_department(ctx.actor(), ctx.id_param("id"), department_fields(ctx)));
      },
      [&s](RequestContext& ctx) { s.catalog.delete_department(ctx.actor(), ctx.id_param("id")); });

  crud(
      router, "/admin/tags", "tag",
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& t : s.catalog.list_tags(ctx.actor())) a.push_back(services::tag_json(t));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::tag_json(s.catalog.get_tag(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::tag_json(s.catalog.create_tag(ctx.actor(), tag_fields(ctx)));
      },
      [&s](RequestContext& ctx) {
        return services::tag_json(
            s.catalog.update_tag(ctx.actor(), ctx.id_param("id"), tag_fields(ctx)));
      },
      [&s](RequestContext& ctx) { s.catalog.delete_tag(ctx.actor(), ctx.id_param("id")); });

  router.add(
      "GET", "/admin/settings", Access::kAdmin,
      [&s](RequestContext& ctx) { return http::json_response(200, s.settings.get(ctx.actor())); },
      "Settings in force");
  router.add(
      "POST", "/admin/settings", Access::kAdmin,
      [&s](RequestContext& ctx) {
        return http::json_response(200, s.settings.update(ctx.actor(), ctx.body()));
      },
      "Change settings");
}

}  // namespace escalated::api
