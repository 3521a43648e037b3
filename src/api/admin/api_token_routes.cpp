// Admin > API tokens: list, issue (the secret is shown once) and revoke.
#include "api/admin/admin.h"

#include <algorithm>
#include <limits>

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_api_token_routes(http::Router& router, ApiServices& s) {
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
        input.name = ctx.fields().required_string("name");
        const json::object& body = ctx.body();
        if (auto v = body.if_contains("abilities")) {
          if (!v->is_array()) {
            ctx.fields().error("abilities", "must be a list of abilities");
          } else {
            for (const auto& a : v->as_array()) {
              if (a.is_string())
                input.abilities.emplace_back(a.as_string());
              else
                ctx.fields().error("abilities", "must be a list of strings");
            }
          }
        } else {
          ctx.fields().error("abilities", "is required");
        }
        if (auto v = body.if_contains("expires_in_days"); v && !v->is_null()) {
          if (!v->is_int64())
            ctx.fields().error("expires_in_days", "must be a whole number of days or null");
          else
            input.expires_in_days = static_cast<int>(std::clamp<std::int64_t>(
                v->as_int64(), std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
        }
        input.user_id = ctx.fields().id("user_id");
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
}

}  // namespace escalated::api
