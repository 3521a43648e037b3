// Snooze: hide a ticket from the queue until an instant, or bring it back.
#include "api/admin/admin.h"

#include "core/time_format.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_snooze_routes(http::Router& router, ApiServices& s) {
  const std::string& prefix = s.options.ticket_reference_prefix;
  router.add(
      "POST", "/admin/tickets/{id}/snooze", Access::need(core::Permission::kTicketEdit),
      [&s, &prefix](RequestContext& ctx) {
        std::string until_text = ctx.fields().required_string("until");
        ctx.check();
        auto until = core::parse_rfc3339(until_text);
        if (!until) throw core::ValidationError("until", "must be an RFC 3339 instant");
        return http::json_response(
            200,
            services::ticket_json(s.tickets.snooze(ctx.actor(), ctx.param("id"), *until), prefix));
      },
      "Hide the ticket from the queue until a future instant");
  router.add(
      "POST", "/admin/tickets/{id}/unsnooze", Access::need(core::Permission::kTicketEdit),
      [&s, &prefix](RequestContext& ctx) {
        return http::json_response(
            200, services::ticket_json(s.tickets.unsnooze(ctx.actor(), ctx.param("id")), prefix));
      },
      "Return a snoozed ticket to the queue now");
}

}  // namespace escalated::api
