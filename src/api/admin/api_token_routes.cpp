// Admin > API tokens: list, issue (the secret is shown once) and revoke.
#include "api/admin/admin.h"

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
        if (auto abilities = ctx.fields().strings("abilities", "must be a list of abilities"))
          input.abilities = std::move(*abilities);
        else if (!ctx.fields().has("abilities"))
          ctx.fields().error("abilities", "is required");
        // null, like absent: a token that never expires
        input.expires_in_days =
            ctx.fields().null_means_absent({"expires_in_days"}).integer("expires_in_days");
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
