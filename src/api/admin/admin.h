// The admin panel's routes, one file per section of the panel. Each
// register_*_routes adds its section's routes with the permission each needs.
#pragma once

#include "api/admin/crud.h"
#include "api/api.h"

namespace escalated::api {

void register_catalog_routes(http::Router& router, ApiServices& s);  // departments, tags
void register_user_routes(http::Router& router, ApiServices& s);     // users
void register_role_routes(http::Router& router, ApiServices& s);     // permissions, roles
void register_audit_routes(http::Router& router, ApiServices& s);    // the audit log
void register_sla_routes(http::Router& router, ApiServices& s);      // business hours, SLA policies
void register_rule_routes(http::Router& router, ApiServices& s);    // escalation rules, automations
void register_snooze_routes(http::Router& router, ApiServices& s);  // snooze, unsnooze
void register_api_token_routes(http::Router& router, ApiServices& s);  // API tokens
void register_settings_routes(http::Router& router, ApiServices& s);   // settings

}  // namespace escalated::api
