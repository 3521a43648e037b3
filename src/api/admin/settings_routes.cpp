// Admin > Settings: the workflow and options stored in the database.
#include "api/admin/admin.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_settings_routes(http::Router& router, ApiServices& s) {
  router.add(
      "GET", "/admin/settings", Access::need(core::Permission::kSettingsManage),
      [&s](RequestContext& ctx) { return http::json_response(200, s.settings.get(ctx.actor())); },
      "Settings in force");
  router.add(
      "POST", "/admin/settings", Access::need(core::Permission::kSettingsManage),
      [&s](RequestContext& ctx) {
        return http::json_response(200, s.settings.update(ctx.actor(), ctx.body()));
      },
      "Change settings");
}

}  // namespace escalated::api
