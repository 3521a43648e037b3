// The customer beside the conversation: who asked, their other tickets and
// their ratings, as far as the caller may see them.
#include "api/requester_routes.h"

#include "http/request_context.h"

namespace escalated::api {

using http::Access;
using http::RequestContext;

void register_requester_routes(http::Router& router, services::RequesterService& requesters,
                               const Options& options) {
  router.add(
      "GET", "/agent/tickets/{id}/requester", Access::need(core::Permission::kTicketView),
      [&requesters, &options](RequestContext& ctx) {
        return http::json_response(
            200, services::requester_pane_json(requesters.pane(ctx.actor(), ctx.param("id")),
                                               options.ticket_reference_prefix));
      },
      "The ticket's requester, their other tickets and their ratings");
}

}  // namespace escalated::api
