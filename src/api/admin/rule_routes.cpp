// Admin > Escalation rules and Automations: one condition language, two
// route families, each with a dry run over the open tickets.
#include "api/admin/admin.h"

#include <tuple>

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_rule_routes(http::Router& router, ApiServices& s) {
  const std::string& prefix = s.options.ticket_reference_prefix;
  for (const auto& [path, kind, noun, manage] :
       {std::tuple<std::string, std::string, std::string, core::Permission>{
            "/admin/escalation-rules", "escalation", "escalation rule",
            core::Permission::kEscalationManage},
        {"/admin/automations", "automation", "automation", core::Permission::kAutomationManage}}) {
    crud(
        router, path, noun, manage,
        [&s, kind](RequestContext& ctx) {
          json::array a;
          for (const auto& r : s.rules.list(ctx.actor(), kind)) a.push_back(services::rule_json(r));
          return a;
        },
        [&s, kind](RequestContext& ctx) {
          return services::rule_json(s.rules.get(ctx.actor(), kind, ctx.id_param("id")));
        },
        [&s, kind](RequestContext& ctx) {
          return services::rule_json(s.rules.create(ctx.actor(), kind, ctx.body()));
        },
        [&s, kind](RequestContext& ctx) {
          return services::rule_json(
              s.rules.update(ctx.actor(), kind, ctx.id_param("id"), ctx.body()));
        },
        [&s, kind](RequestContext& ctx) { s.rules.remove(ctx.actor(), kind, ctx.id_param("id")); });
    router.add(
        "POST", path + "/{id}/dry-run", Access::need(manage),
        [&s, &prefix, kind](RequestContext& ctx) {
          json::array data;
          for (const auto& view : s.rules.dry_run(ctx.actor(), kind, ctx.id_param("id"), 100))
            data.push_back(services::ticket_json(view, prefix));
          return http::json_response(200, json::object{{"data", std::move(data)}});
        },
        "The open tickets the " + noun + " would match now (at most 100)");
  }
}

}  // namespace escalated::api
