#include "api/saved_view_routes.h"

#include <boost/json.hpp>

#include "core/time_format.h"
#include "http/request_context.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

json::object view_json(const services::SavedView& v) {
  json::array columns;
  for (const auto& c : v.columns) columns.emplace_back(c);
  json::object o{{"id", v.record.id},
                 {"name", v.record.name},
                 {"query", v.record.query},
                 {"sort", v.record.sort},
                 {"columns", std::move(columns)},
                 {"shared", v.record.shared},
                 {"owner", json::object{{"id", v.record.user_id}, {"name", v.record.owner_name}}},
                 {"created_at", core::format_rfc3339(v.record.created_at)},
                 {"updated_at", core::format_rfc3339(v.record.updated_at)}};
  if (v.count) o["count"] = *v.count;
  return o;
}

json::object views_json(const std::vector<services::SavedView>& views) {
  json::array data;
  for (const auto& v : views) data.push_back(view_json(v));
  return {{"data", std::move(data)}};
}

services::ViewInput view_input(RequestContext& ctx) {
  services::ViewInput in;
  in.name = ctx.fields().string("name");
  in.query = ctx.fields().string("query");
  in.sort = ctx.fields().string("sort");
  in.columns = ctx.fields().strings("columns");
  in.shared = ctx.fields().boolean("shared");
  ctx.check();
  return in;
}

}  // namespace

void register_saved_view_routes(http::Router& router, services::SavedViewService& views) {
  const Access staff = Access::need(core::Permission::kTicketView);
  router.add(
      "GET", "/agent/views", staff,
      [&views](RequestContext& ctx) {
        bool counts = false;
        if (auto v = ctx.query("counts")) {
          if (*v == "1" || *v == "true")
            counts = true;
          else if (*v != "0" && *v != "false")
            ctx.fields().error("counts", "must be true or false");
        }
        ctx.check();
        return http::json_response(200, views_json(views.list(ctx.actor(), counts)));
      },
      "The caller's saved views and the shared ones, in the caller's order");

  router.add(
      "POST", "/agent/views", staff,
      [&views](RequestContext& ctx) {
        return http::json_response(201, view_json(views.create(ctx.actor(), view_input(ctx))));
      },
      "Save a view");

  router.add(
      "PATCH", "/agent/views/{id}", staff,
      [&views](RequestContext& ctx) {
        std::int64_t id = ctx.id_param("id");
        return http::json_response(200, view_json(views.update(ctx.actor(), id, view_input(ctx))));
      },
      "Change a saved view");

  router.add(
      "DELETE", "/agent/views/{id}", staff,
      [&views](RequestContext& ctx) {
        views.remove(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a saved view");

  router.add(
      "POST", "/agent/views/order", staff,
      [&views](RequestContext& ctx) {
        auto ids = ctx.fields().ids("ids");
        if (!ids && !ctx.fields().has("ids")) ctx.fields().error("ids", "is required");
        ctx.check();
        return http::json_response(200, views_json(views.reorder(ctx.actor(), *ids)));
      },
      "Order the views the caller sees");
}

}  // namespace escalated::api
