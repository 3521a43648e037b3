// The admin panel: every section's routes, in the panel's order. The
// webhook, mail, inbound-mail and satisfaction sections register with their
// own services (see api.h).
#include "api/admin/admin.h"

namespace escalated::api {

void register_admin_routes(http::Router& router, ApiServices& s) {
  register_catalog_routes(router, s);
  register_user_routes(router, s);
  register_role_routes(router, s);
  register_audit_routes(router, s);
  register_sla_routes(router, s);
  register_rule_routes(router, s);
  register_snooze_routes(router, s);
  register_api_token_routes(router, s);
  register_settings_routes(router, s);
}

}  // namespace escalated::api
