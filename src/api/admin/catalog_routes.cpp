// Admin > Departments and Tags: the catalogues agents pick from while they
// work (reading needs ticket.view; changes need department.manage or
// tag.manage).
#include "api/admin/admin.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

services::DepartmentFields department_fields(RequestContext& ctx) {
  services::DepartmentFields f;
  f.name = ctx.fields().string("name");
  f.description = ctx.fields().string("description");
  f.active = ctx.fields().boolean("active");
  ctx.check();
  return f;
}

services::TagFields tag_fields(RequestContext& ctx) {
  services::TagFields f;
  f.name = ctx.fields().string("name");
  f.color = ctx.fields().string("color");
  ctx.check();
  return f;
}

}  // namespace

void register_catalog_routes(http::Router& router, ApiServices& s) {
  crud(
      router, "/admin/departments", "department", core::Permission::kDepartmentManage,
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
      router, "/admin/tags", "tag", core::Permission::kTagManage,
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
}

}  // namespace escalated::api
