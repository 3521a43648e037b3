// Admin > Escalation rules and Automations: one condition language, two
// route families, each with a dry run over the open tickets.
#include <tuple>

#include "api/admin/admin.h"
#include "api/admin/body_fields.h"
#include "services/rules/rule_service.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

constexpr int kDryRunLimit = 100;

// The conditions and actions are read by the condition language's own
// parsers (core/conditions.h), which name the part at fault
// ("conditions.all[1].operator", "actions[0].value").
services::RuleFields rule_fields(RequestContext& ctx, const std::string& kind, bool creating) {
  core::JsonFields& body = strict_fields(ctx);
  services::RuleFields f;
  f.name = body.string("name");
  f.description = body.string("description", "must be a string of at most 2000 characters");
  f.active = body.boolean("active");
  f.position = position(body);
  core::FieldErrors language;
  if (const json::value* v = body.value("conditions"))
    f.conditions = core::ConditionSet::parse(*v, &language);
  if (const json::value* v = body.value("actions"))
    f.actions = core::ActionList::parse(*v, services::rule_kind(kind), &language);
  else if (creating)
    body.error("actions", "is required");
  body.add_errors(language);
  body.add_errors(services::check_rule_fields(f, kind, creating));
  return f;
}

}  // namespace

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
          auto fields = rule_fields(ctx, kind, true);
          ctx.check();
          return services::rule_json(s.rules.create(ctx.actor(), kind, fields));
        },
        [&s, kind](RequestContext& ctx) {
          std::int64_t id = ctx.id_param("id");
          auto fields = rule_fields(ctx, kind, false);
          ctx.check();
          return services::rule_json(s.rules.update(ctx.actor(), kind, id, fields));
        },
        [&s, kind](RequestContext& ctx) { s.rules.remove(ctx.actor(), kind, ctx.id_param("id")); });
    // Both dry runs answer the same: the matching tickets, at most 100.
    auto answer = [&prefix](const std::vector<services::TicketView>& views) {
      json::array data;
      for (const auto& view : views) data.push_back(services::ticket_json(view, prefix));
      return http::json_response(200, json::object{{"data", std::move(data)}});
    };
    router.add(
        "POST", path + "/{id}/dry-run", Access::need(manage),
        [&s, answer, kind](RequestContext& ctx) {
          return answer(s.rules.dry_run(ctx.actor(), kind, ctx.id_param("id"), kDryRunLimit));
        },
        "The open tickets the " + noun + " would match now (at most 100)");
    router.add(
        "POST", path + "/dry-run", Access::need(manage),
        [&s, answer, kind](RequestContext& ctx) {
          auto fields = rule_fields(ctx, kind, true);
          ctx.check();
          return answer(s.rules.dry_run(ctx.actor(), kind, fields, kDryRunLimit));
        },
        "The open tickets an unsaved " + noun + " would match now (at most 100)");
  }
}

}  // namespace escalated::api
