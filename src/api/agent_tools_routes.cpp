#include "api/agent_tools_routes.h"

#include <boost/json/array.hpp>

#include "core/permissions.h"
#include "http/request_context.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

services::CannedResponseFields canned_fields(RequestContext& ctx) {
  services::CannedResponseFields f;
  f.title = ctx.fields().string("title");
  f.body = ctx.fields().string("body");
  f.shared = ctx.fields().boolean("shared");
  ctx.check();
  return f;
}

services::MacroFields macro_fields(RequestContext& ctx) {
  services::MacroFields f;
  f.name = ctx.fields().string("name");
  f.description = ctx.fields().string("description");
  f.shared = ctx.fields().boolean("shared");
  if (const json::value* actions = ctx.fields().value("actions")) {
    core::FieldErrors found;
    f.actions = core::parse_macro_actions(*actions, &found);
    ctx.fields().add_errors(found);
  }
  ctx.check();
  return f;
}

// The ?macro_id= of a preview, or the body's macro_id.
std::int64_t required_id(RequestContext& ctx, std::optional<std::int64_t> id, const char* name) {
  if (!id) ctx.fields().error(name, "is required (a positive id)");
  ctx.check();
  return *id;
}

}  // namespace

void register_agent_tool_routes(http::Router& router, services::MacroService& macros,
                                const Options& options) {
  const std::string& prefix = options.ticket_reference_prefix;
  const Access staff = Access::need(core::Permission::kTicketView);

  // Canned responses.
  router.add(
      "GET", "/agent/canned-responses", staff,
      [&macros](RequestContext& ctx) {
        json::array data;
        for (const auto& r : macros.list_responses(ctx.actor()))
          data.push_back(services::canned_response_json(r));
        return http::json_response(200, json::object{{"data", data}});
      },
      "The shared canned responses and the caller's own");
  router.add(
      "POST", "/agent/canned-responses", staff,
      [&macros](RequestContext& ctx) {
        services::CannedResponseFields f = canned_fields(ctx);
        return http::json_response(
            201, services::canned_response_json(macros.create_response(ctx.actor(), f)));
      },
      "Save a canned response");
  router.add(
      "PATCH", "/agent/canned-responses/{id}", staff,
      [&macros](RequestContext& ctx) {
        std::int64_t id = ctx.id_param("id");
        services::CannedResponseFields f = canned_fields(ctx);
        return http::json_response(
            200, services::canned_response_json(macros.update_response(ctx.actor(), id, f)));
      },
      "Change a canned response");
  router.add(
      "DELETE", "/agent/canned-responses/{id}", staff,
      [&macros](RequestContext& ctx) {
        macros.remove_response(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a canned response");
  router.add(
      "GET", "/agent/canned-responses/{id}/render", staff,
      [&macros](RequestContext& ctx) {
        std::int64_t id = ctx.id_param("id");
        auto ticket = ctx.query_int("ticket_id", 1, INT64_MAX, "must be a positive ticket id");
        std::int64_t ticket_id = required_id(ctx, ticket, "ticket_id");
        services::RenderedResponse r =
            macros.render_response(ctx.actor(), id, std::to_string(ticket_id));
        return http::json_response(200, json::object{{"body", r.body}, {"body_html", r.body_html}});
      },
      "A canned response filled in for a ticket");

  // Macros.
  router.add(
      "GET", "/admin/macros", Access::need(core::Permission::kMacroView),
      [&macros](RequestContext& ctx) {
        json::array data;
        for (const auto& m : macros.list_macros(ctx.actor()))
          data.push_back(services::macro_json(m));
        return http::json_response(200, json::object{{"data", data}});
      },
      "The shared macros and the caller's own");
  const Access manage = Access::need(core::Permission::kMacroManage);
  router.add(
      "POST", "/admin/macros", manage,
      [&macros](RequestContext& ctx) {
        services::MacroFields f = macro_fields(ctx);
        return http::json_response(201, services::macro_json(macros.create_macro(ctx.actor(), f)));
      },
      "Save a macro");
  router.add(
      "PATCH", "/admin/macros/{id}", manage,
      [&macros](RequestContext& ctx) {
        std::int64_t id = ctx.id_param("id");
        services::MacroFields f = macro_fields(ctx);
        return http::json_response(200,
                                   services::macro_json(macros.update_macro(ctx.actor(), id, f)));
      },
      "Change a macro");
  router.add(
      "DELETE", "/admin/macros/{id}", manage,
      [&macros](RequestContext& ctx) {
        macros.remove_macro(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a macro");
  router.add(
      "POST", "/agent/tickets/{id}/macro", Access::need(core::Permission::kMacroView),
      [&macros, &prefix](RequestContext& ctx) {
        std::int64_t macro_id = required_id(ctx, ctx.fields().id("macro_id"), "macro_id");
        return http::json_response(
            200, services::applied_actions_json(
                     macros.apply_macro(ctx.actor(), ctx.param("id"), macro_id, false), prefix));
      },
      "Apply a macro's actions to the ticket, all or none");
  router.add(
      "GET", "/agent/tickets/{id}/macro/preview", Access::need(core::Permission::kMacroView),
      [&macros, &prefix](RequestContext& ctx) {
        auto id = ctx.query_int("macro_id", 1, INT64_MAX, "must be a positive macro id");
        std::int64_t macro_id = required_id(ctx, id, "macro_id");
        return http::json_response(
            200, services::applied_actions_json(
                     macros.apply_macro(ctx.actor(), ctx.param("id"), macro_id, true), prefix));
      },
      "What applying a macro would change, nothing written");

  // Bulk actions.
  router.add(
      "POST", "/agent/tickets/bulk", staff,
      [&macros](RequestContext& ctx) {
        services::BulkAction input;
        auto ids = ctx.fields().ids("ticket_ids");
        if (!ids && !ctx.fields().has("ticket_ids"))
          ctx.fields().error("ticket_ids", "is required");
        input.action = ctx.fields().required_string("action");
        const json::value* value = ctx.fields().value("value");
        if (!value) ctx.fields().error("value", "is required");
        ctx.check();
        input.ticket_ids = *ids;
        input.value = *value;
        json::array results;
        for (const auto& r : macros.bulk(ctx.actor(), input))
          results.push_back(
              json::object{{"ticket_id", r.ticket_id},
                           {"ok", r.ok},
                           {"error", r.error ? json::value(*r.error) : json::value(nullptr)}});
        return http::json_response(200, json::object{{"results", results}});
      },
      "One action or macro over many tickets, each on its own");
}

}  // namespace escalated::api
