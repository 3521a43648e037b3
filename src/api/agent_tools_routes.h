// The agent's power tools: canned responses, macros (admin CRUD, apply and
// preview on a ticket) and bulk actions.
#pragma once

#include "escalated/options.h"
#include "http/router.h"
#include "services/macros/macro_service.h"

namespace escalated::api {

void register_agent_tool_routes(http::Router& router, services::MacroService& macros,
                                const Options& options);

}  // namespace escalated::api
