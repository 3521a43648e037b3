// Admin > Business hours and SLA policies: the calendars SLA clocks count
// in and the targets they count to.
#include "api/admin/admin.h"
#include "services/sla/sla_json.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_sla_routes(http::Router& router, ApiServices& s) {
  crud(
      router, "/admin/business-hours", "business-hours schedule", core::Permission::kSlaManage,
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& b : s.sla.list_schedules(ctx.actor()))
          a.push_back(services::schedule_json(b));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::schedule_json(s.sla.get_schedule(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::schedule_json(s.sla.create_schedule(ctx.actor(), ctx.body()));
      },
      [&s](RequestContext& ctx) {
        return services::schedule_json(
            s.sla.update_schedule(ctx.actor(), ctx.id_param("id"), ctx.body()));
      },
      [&s](RequestContext& ctx) { s.sla.delete_schedule(ctx.actor(), ctx.id_param("id")); });

  crud(
      router, "/admin/sla-policies", "SLA policy", core::Permission::kSlaManage,
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& p : s.sla.list_policies(ctx.actor()))
          a.push_back(services::policy_json(p));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::policy_json(s.sla.get_policy(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::policy_json(s.sla.create_policy(ctx.actor(), ctx.body()));
      },
      [&s](RequestContext& ctx) {
        return services::policy_json(
            s.sla.update_policy(ctx.actor(), ctx.id_param("id"), ctx.body()));
      },
      [&s](RequestContext& ctx) { s.sla.delete_policy(ctx.actor(), ctx.id_param("id")); });
}

}  // namespace escalated::api
