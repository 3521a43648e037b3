// Admin > Settings: the workflow and options stored in the database.
#include "api/admin/admin.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

// {"status": ["target", ...]}. Every problem is reported on the setting
// itself, as the service reports the statuses it does not know.
std::optional<services::TransitionNames> transition_names(core::JsonFields& f) {
  const std::string key = services::kStatusTransitionsKey;
  const json::value* v = f.value(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    f.error(key, "must be an object of status -> [statuses]");
    return std::nullopt;
  }
  services::TransitionNames names;
  for (const auto& [from_name, targets] : v->as_object()) {
    std::string from(from_name);
    if (!targets.is_array()) {
      f.error(key, from + " must list statuses");
      continue;
    }
    auto& [name, to] = names.emplace_back(from, std::vector<std::string>{});
    for (const auto& t : targets.as_array()) {
      if (t.is_string())
        to.emplace_back(t.as_string());
      else
        f.error(key, name + " lists an unknown status");
    }
  }
  return names;
}

services::SettingsChanges settings_changes(RequestContext& ctx) {
  core::JsonFields& f = ctx.fields();
  services::SettingsChanges changes;
  changes.status_transitions = transition_names(f);
  ctx.check();
  return changes;
}

}  // namespace

void register_settings_routes(http::Router& router, ApiServices& s) {
  router.add(
      "GET", "/admin/settings", Access::need(core::Permission::kSettingsManage),
      [&s](RequestContext& ctx) { return http::json_response(200, s.settings.get(ctx.actor())); },
      "Settings in force");
  router.add(
      "POST", "/admin/settings", Access::need(core::Permission::kSettingsManage),
      [&s](RequestContext& ctx) {
        return http::json_response(200, s.settings.update(ctx.actor(), settings_changes(ctx)));
      },
      "Change settings");
}

}  // namespace escalated::api
