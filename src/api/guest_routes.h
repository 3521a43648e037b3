// Tickets without an account (/widget/tickets*, magic links) and the staff
// route that revokes a ticket's links.
#pragma once

#include <memory>

#include "api/web_assets.h"
#include "escalated/options.h"
#include "http/router.h"
#include "services/guest/guest_service.h"

namespace escalated::api {

void register_guest_routes(http::Router& router, services::GuestService& guests,
                           const Options& options);

// GET /widget.js: the embeddable widget's script (web/src/widget), with its
// own CSP and a cache lifetime of an hour; 404 when it was not built.
void register_widget_script_route(http::Router& router, std::shared_ptr<const WebAssets> ui);

}  // namespace escalated::api
