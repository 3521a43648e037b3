// The admin panel's routes for departments, tags and settings.
#include "api/api.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include "core/time_format.h"
#include "services/sla_json.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

services::DepartmentFields department_fields(RequestContext& ctx) {
  services::DepartmentFields f;
  f.name = ctx.string_field("name");
  f.description = ctx.string_field("description");
  f.active = ctx.bool_field("active");
  ctx.check();
  return f;
}

services::TagFields tag_fields(RequestContext& ctx) {
  services::TagFields f;
  f.name = ctx.string_field("name");
  f.color = ctx.string_field("color");
  ctx.check();
  return f;
}

// GET list, POST create, GET/PATCH/PUT/DELETE one: the same five routes for
// every catalogue an admin manages.
// Reading needs ticket.view (agents pick departments, tags and policies
// while they work); every change needs `manage`.
template <typename List, typename Get, typename Create, typename Update, typename Delete>
void crud(http::Router& router, const std::string& base, const std::string& noun,
          core::Permission manage, List list, Get get, Create create, Update update,
          Delete remove) {
  const Access read = Access::need(core::Permission::kTicketView);
  const Access write = Access::need(manage);
  router.add(
      "GET", base, read,
      [list](RequestContext& ctx) {
        return http::json_response(200, json::object{{"data", list(ctx)}});
      },
      "List " + noun + "s");
  router.add(
      "POST", base, write,
      [create](RequestContext& ctx) { return http::json_response(201, create(ctx)); },
      "Create a " + noun);
  router.add(
      "GET", base + "/{id}", read,
      [get](RequestContext& ctx) { return http::json_response(200, get(ctx)); }, "One " + noun);
  for (const char* method : {"PATCH", "PUT"}) {
    router.add(
        method, base + "/{id}", write,
        [update](RequestContext& ctx) { return http::json_response(200, update(ctx)); },
        "Change a " + noun);
  }
  router.add(
      "DELETE", base + "/{id}", write,
      [remove](RequestContext& ctx) {
        remove(ctx);
        return http::no_content();
      },
      "Delete a " + noun);
}

services::RoleFields role_fields(RequestContext& ctx) {
  services::RoleFields f;
  f.name = ctx.string_field("name");
  f.slug = ctx.string_field("slug");
  f.description = ctx.string_field("description");
  if (auto v = ctx.body().if_contains("permissions"); v && !v->is_null()) f.permissions = *v;
  ctx.check();
  return f;
}

// Roles: the permission catalogue, the system roles and admins' own roles.
void register_role_routes(http::Router& router, ApiServices& s) {
  router.add(
      "GET", "/admin/permissions", Access::need(core::Permission::kUserView),
      [](RequestContext&) {
        json::array a;
        for (auto p : core::all_permissions()) {
          std::string slug(core::to_string(p));
          a.push_back(json::object{{"slug", slug}, {"area", slug.substr(0, slug.find('.'))}});
        }
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "Every permission slug, with its area");
  router.add(
      "GET", "/admin/roles", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& r : s.roles.list(ctx.actor())) a.push_back(services::role_json(r));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "List roles (system roles first) with their permissions and user counts");
  router.add(
      "POST", "/admin/roles", Access::need(core::Permission::kRoleManage),
      [&s](RequestContext& ctx) {
        return http::json_response(
            201, services::role_json(s.roles.create(ctx.actor(), role_fields(ctx))));
      },
      "Create a custom role");
  router.add(
      "GET", "/admin/roles/{id}", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        return http::json_response(
            200, services::role_json(s.roles.get(ctx.actor(), ctx.id_param("id"))));
      },
      "One role");
  for (const char* method : {"PATCH", "PUT"}) {
    router.add(
        method, "/admin/roles/{id}", Access::need(core::Permission::kRoleManage),
        [&s](RequestContext& ctx) {
          return http::json_response(200, services::role_json(s.roles.update(
                                              ctx.actor(), ctx.id_param("id"), role_fields(ctx))));
        },
        "Change a custom role");
  }
  router.add(
      "DELETE", "/admin/roles/{id}", Access::need(core::Permission::kRoleManage),
      [&s](RequestContext& ctx) {
        s.roles.remove(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a custom role no user holds");
}

}  // namespace

void register_admin_routes(http::Router& router, ApiServices& s) {
  crud(
      router, "/admin/departments", "department", core::Permission::kDepartmentManage,
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& d : s.catalog.list_departments(ctx.actor()))
          a.push_back(services::department_json(d));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::department_json(s.catalog.get_department(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::department_json(
            s.catalog.create_department(ctx.actor(), department_fields(ctx)));
      },
      [&s](RequestContext& ctx) {
        return services::department_json(
            s.catalog.update_department(ctx.actor(), ctx.id_param("id"), department_fields(ctx)));
      },
      [&s](RequestContext& ctx) { s.catalog.delete_department(ctx.actor(), ctx.id_param("id")); });

  // Users: admins list, create and change accounts (roles, departments,
  // deactivation); the service checks every field and the admin safeguards.
  router.add(
      "GET", "/admin/users", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        services::UserPage page =
            s.user_admin.list(ctx.actor(), {ctx.query("role"), ctx.query("q"), ctx.query("active"),
                                            ctx.query("limit"), ctx.query("cursor")});
        json::array data;
        for (const auto& u : page.data) data.push_back(services::managed_user_json(u));
        return http::json_response(
            200, json::object{{"data", std::move(data)},
                              {"next_cursor", page.next_cursor ? json::value(*page.next_cursor)
                                                               : json::value(nullptr)}});
      },
      "List users, a page at a time, by role, text and active");
  router.add(
      "POST", "/admin/users", Access::need(core::Permission::kUserManage),
      [&s](RequestContext& ctx) {
        services::NewManagedUser input;
        input.name = ctx.string_field("name").value_or("");
        input.email = ctx.string_field("email").value_or("");
        input.password = ctx.string_field("password").value_or("");
        if (auto v = ctx.body().if_contains("roles"); v && !v->is_null()) input.roles = *v;
        ctx.check();
        return http::json_response(
            201, services::managed_user_json(s.user_admin.create(ctx.actor(), input)));
      },
      "Create a user with a password and roles");
  router.add(
      "GET", "/admin/users/{id}", Access::need(core::Permission::kUserView),
      [&s](RequestContext& ctx) {
        return http::json_response(
            200, services::managed_user_json(s.user_admin.get(ctx.actor(), ctx.id_param("id"))));
      },
      "One user");
  router.add(
      "PATCH", "/admin/users/{id}", Access::need(core::Permission::kUserManage),
      [&s](RequestContext& ctx) {
        services::ManagedUserPatch patch;
        patch.name = ctx.string_field("name");
        patch.active = ctx.bool_field("active");
        if (auto v = ctx.body().if_contains("roles"); v && !v->is_null()) patch.roles = *v;
        if (auto v = ctx.body().if_contains("department_ids"); v && !v->is_null())
          patch.department_ids = *v;
        ctx.check();
        return http::json_response(200, services::managed_user_json(s.user_admin.update(
                                            ctx.actor(), ctx.id_param("id"), patch)));
      },
      "Change a user's name, roles, departments or active flag");

  register_role_routes(router, s);

  router.add(
      "GET", "/admin/audit-logs", Access::need(core::Permission::kAuditView),
      [&s](RequestContext& ctx) {
        services::AuditPage page = s.audit.list(
            ctx.actor(), {ctx.query("entity_type"), ctx.query("entity_id"), ctx.query("actor_id"),
                          ctx.query("action"), ctx.query("limit"), ctx.query("cursor")});
        json::array data;
        for (const auto& e : page.data) data.push_back(services::audit_entry_json(e));
        return http::json_response(
            200, json::object{{"data", std::move(data)},
                              {"next_cursor", page.next_cursor ? json::value(*page.next_cursor)
                                                               : json::value(nullptr)}});
      },
      "The audit log, newest first, by entity, actor and action");

  crud(
      router, "/admin/tags", "tag", core::Permission::kTagManage,
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& t : s.catalog.list_tags(ctx.actor())) a.push_back(services::tag_json(t));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::tag_json(s.catalog.get_tag(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::tag_json(s.catalog.create_tag(ctx.actor(), tag_fields(ctx)));
      },
      [&s](RequestContext& ctx) {
        return services::tag_json(
            s.catalog.update_tag(ctx.actor(), ctx.id_param("id"), tag_fields(ctx)));
      },
      [&s](RequestContext& ctx) { s.catalog.delete_tag(ctx.actor(), ctx.id_param("id")); });

  crud(
      router, "/admin/business-hours", "business-hours schedule", core::Permission::kSlaManage,
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& b : s.sla.list_schedules(ctx.actor()))
          a.push_back(services::schedule_json(b));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::schedule_json(s.sla.get_schedule(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::schedule_json(s.sla.create_schedule(ctx.actor(), ctx.body()));
      },
      [&s](RequestContext& ctx) {
        return services::schedule_json(
            s.sla.update_schedule(ctx.actor(), ctx.id_param("id"), ctx.body()));
      },
      [&s](RequestContext& ctx) { s.sla.delete_schedule(ctx.actor(), ctx.id_param("id")); });

  crud(
      router, "/admin/sla-policies", "SLA policy", core::Permission::kSlaManage,
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& p : s.sla.list_policies(ctx.actor()))
          a.push_back(services::policy_json(p));
        return a;
      },
      [&s](RequestContext& ctx) {
        return services::policy_json(s.sla.get_policy(ctx.actor(), ctx.id_param("id")));
      },
      [&s](RequestContext& ctx) {
        return services::policy_json(s.sla.create_policy(ctx.actor(), ctx.body()));
      },
      [&s](RequestContext& ctx) {
        return services::policy_json(
            s.sla.update_policy(ctx.actor(), ctx.id_param("id"), ctx.body()));
      },
      [&s](RequestContext& ctx) { s.sla.delete_policy(ctx.actor(), ctx.id_param("id")); });

  const std::string& prefix = s.options.ticket_reference_prefix;
  for (const auto& [path, kind, noun, manage] :
       {std::tuple<std::string, std::string, std::string, core::Permission>{
            "/admin/escalation-rules", "escalation", "escalation rule",
            core::Permission::kEscalationManage},
        {"/admin/automations", "automation", "automation", core::Permission::kAutomationManage}}) {
    crud(
        router, path, noun, manage,
        [&s, kind](RequestContext& ctx) {
          json::array a;
          for (const auto& r : s.rules.list(ctx.actor(), kind)) a.push_back(services::rule_json(r));
          return a;
        },
        [&s, kind](RequestContext& ctx) {
          return services::rule_json(s.rules.get(ctx.actor(), kind, ctx.id_param("id")));
        },
        [&s, kind](RequestContext& ctx) {
          return services::rule_json(s.rules.create(ctx.actor(), kind, ctx.body()));
        },
        [&s, kind](RequestContext& ctx) {
          return services::rule_json(
              s.rules.update(ctx.actor(), kind, ctx.id_param("id"), ctx.body()));
        },
        [&s, kind](RequestContext& ctx) { s.rules.remove(ctx.actor(), kind, ctx.id_param("id")); });
    router.add(
        "POST", path + "/{id}/dry-run", Access::need(manage),
        [&s, &prefix, kind](RequestContext& ctx) {
          json::array data;
          for (const auto& view : s.rules.dry_run(ctx.actor(), kind, ctx.id_param("id"), 100))
            data.push_back(services::ticket_json(view, prefix));
          return http::json_response(200, json::object{{"data", std::move(data)}});
        },
        "The open tickets the " + noun + " would match now (at most 100)");
  }

  router.add(
      "POST", "/admin/tickets/{id}/snooze", Access::need(core::Permission::kTicketEdit),
      [&s, &prefix](RequestContext& ctx) {
        std::string until_text = ctx.required_string("until");
        ctx.check();
        auto until = core::parse_rfc3339(until_text);
        if (!until) throw core::ValidationError("until", "must be an RFC 3339 instant");
        return http::json_response(
            200,
            services::ticket_json(s.tickets.snooze(ctx.actor(), ctx.param("id"), *until), prefix));
      },
      "Hide the ticket from the queue until a future instant");
  router.add(
      "POST", "/admin/tickets/{id}/unsnooze", Access::need(core::Permission::kTicketEdit),
      [&s, &prefix](RequestContext& ctx) {
        return http::json_response(
            200, services::ticket_json(s.tickets.unsnooze(ctx.actor(), ctx.param("id")), prefix));
      },
      "Return a snoozed ticket to the queue now");

  router.add(
      "GET", "/admin/api-tokens", Access::need(core::Permission::kApiTokenManage),
      [&s](RequestContext& ctx) {
        json::array a;
        for (const auto& t : s.api_tokens.list(ctx.actor()))
          a.push_back(services::api_token_json(t));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "List API tokens (never their secrets)");
  router.add(
      "POST", "/admin/api-tokens", Access::need(core::Permission::kApiTokenManage),
      [&s](RequestContext& ctx) {
        services::NewApiToken input;
        input.name = ctx.required_string("name");
        const json::object& body = ctx.body();
        if (auto v = body.if_contains("abilities")) {
          if (!v->is_array()) {
            ctx.field_error("abilities", "must be a list of abilities");
          } else {
            for (const auto& a : v->as_array()) {
              if (a.is_string())
                input.abilities.emplace_back(a.as_string());
              else
                ctx.field_error("abilities", "must be a list of strings");
            }
          }
        } else {
          ctx.field_error("abilities", "is required");
        }
        if (auto v = body.if_contains("expires_in_days"); v && !v->is_null()) {
          if (!v->is_int64())
            ctx.field_error("expires_in_days", "must be a whole number of days or null");
          else
            input.expires_in_days = static_cast<int>(std::clamp<std::int64_t>(
                v->as_int64(), std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
        }
        input.user_id = ctx.id_field("user_id");
        ctx.check();
        auto issued = s.api_tokens.create(ctx.actor(), input);
        json::object o = services::api_token_json(issued.record);
        o["token"] = issued.secret;
        return http::json_response(201, o);
      },
      "Create an API token; the answer holds its secret, once");
  router.add(
      "DELETE", "/admin/api-tokens/{id}", Access::need(core::Permission::kApiTokenManage),
      [&s](RequestContext& ctx) {
        s.api_tokens.revoke(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Revoke an API token at once");

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
