// Admin > Audit log: every change with its old and new values.
#include "api/admin/admin.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_audit_routes(http::Router& router, ApiServices& s) {
  router.add(
      "GET", "/admin/audit-logs", Access::need(core::Permission::kAuditView),
      [&s](RequestContext& ctx) {
        services::AuditPage page = s.audit.list(
            ctx.actor(), {ctx.query("entity_type"), ctx.query("entity_id"), ctx.query("actor_id"),
                          ctx.query("action"), ctx.query("limit"), ctx.query("cursor")});
        return http::json_response(
            200, page_json(page.data, page.next_cursor,
                           [](const auto& item) { return services::audit_entry_json(item); }));
      },
      "The audit log, newest first, by entity, actor and action");
}

}  // namespace escalated::api
