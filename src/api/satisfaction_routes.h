// POST /tickets/{id}/rate and GET /admin/reports/satisfaction.
#pragma once

#include "escalated/options.h"
#include "http/router.h"
#include "services/satisfaction/satisfaction_service.h"

namespace escalated::api {

void register_satisfaction_routes(http::Router& router, services::SatisfactionService& csat,
                                  const Options& options);

}  // namespace escalated::api
