// The agent's saved views: /agent/views (GET, POST), /agent/views/{id}
// (PATCH, DELETE) and POST /agent/views/order. GET /agent/tickets?view_id=
// runs one (agent_routes.cpp).
#pragma once

#include "http/router.h"
#include "services/views/saved_view_service.h"

namespace escalated::api {

void register_saved_view_routes(http::Router& router, services::SavedViewService& views);

}  // namespace escalated::api
