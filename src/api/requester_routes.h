// GET /agent/tickets/{id}/requester: the customer pane beside a ticket.
#pragma once

#include "escalated/options.h"
#include "http/router.h"
#include "services/customer/requester_service.h"

namespace escalated::api {

void register_requester_routes(http::Router& router, services::RequesterService& requesters,
                               const Options& options);

}  // namespace escalated::api
