// Tickets without an account (/widget/tickets*, magic links) and the staff
// route that revokes a ticket's links.
#pragma once

#include "escalated/options.h"
#include "http/router.h"
#include "services/guest/guest_service.h"

namespace escalated::api {

void register_guest_routes(http::Router& router, services::GuestService& guests,
                           const Options& options);

}  // namespace escalated::api
