// Customer satisfaction: the requester's rating of a resolved ticket and the
// team's report over the ratings.
#include "api/satisfaction_routes.h"

#include "http/request_context.h"

namespace escalated::api {

using http::Access;
using http::RequestContext;

void register_satisfaction_routes(http::Router& router, services::SatisfactionService& csat,
                                  const Options& options) {
  router.add(
      "POST", "/tickets/{id}/rate", Access::kUser,
      [&csat](RequestContext& ctx) {
        services::RatingInput input;
        input.rating = ctx.fields().integer("rating");
        input.comment = ctx.fields().string("comment");
        ctx.check();
        services::RateResult r = csat.rate(ctx.actor(), ctx.param("id"), input);
        return http::json_response(r.created ? 201 : 200, services::rating_json(r.rating));
      },
      "Rate a resolved or closed ticket (its requester only)");

  router.add(
      "GET", "/admin/reports/satisfaction", Access::need(core::Permission::kReportView),
      [&csat, &options](RequestContext& ctx) {
        services::SatisfactionQuery q{ctx.query("from"), ctx.query("to"),
                                      ctx.query("department_id"), ctx.query("agent_id")};
        return http::json_response(
            200, services::satisfaction_summary_json(csat.summary(ctx.actor(), q),
                                                     options.ticket_reference_prefix));
      },
      "Satisfaction ratings summarised over the tickets the caller may see");
}

}  // namespace escalated::api
