// The knowledge base's routes: /admin/kb/* (staff), /kb/* (readers: JSON or
// server-rendered HTML, and the sitemap) and /widget/kb/* (search, feedback).
#pragma once

#include "escalated/options.h"
#include "http/router.h"
#include "services/kb/kb_service.h"

namespace escalated::api {

void register_kb_routes(http::Router& router, services::KbService& kb, const Options& options);

}  // namespace escalated::api
