// The admin panel's webhook routes: subscriptions, their deliveries, retries.
#include "api/api.h"
#include "services/webhooks/webhook_service.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

json::object issued_json(const services::IssuedWebhook& issued) {
  json::object o = services::webhook_json(issued.record);
  if (issued.secret) o["secret"] = *issued.secret;  // shown in this answer only
  return o;
}

services::WebhookFields webhook_fields(RequestContext& ctx) {
  core::JsonFields& f = ctx.fields();
  services::WebhookFields w;
  // null, like absent: a generated one on create
  w.secret = f.null_means_absent({"secret"}).string("secret");
  w.url = f.string("url");
  w.events = f.strings("events", "must be a non-empty list of event names, or [\"*\"]",
                       "is not an event name (or \"*\")");
  w.description = f.string("description");
  w.active = f.boolean("active");
  ctx.check();
  return w;
}

}  // namespace

void register_webhook_routes(http::Router& router, services::WebhookService& webhooks) {
  router.add(
      "GET", "/admin/webhooks", Access::need(core::Permission::kWebhookManage),
      [&webhooks](RequestContext& ctx) {
        json::array a;
        for (const auto& w : webhooks.list(ctx.actor())) a.push_back(services::webhook_json(w));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "List webhooks (never their secrets)");
  router.add(
      "POST", "/admin/webhooks", Access::need(core::Permission::kWebhookManage),
      [&webhooks](RequestContext& ctx) {
        return http::json_response(201,
                                   issued_json(webhooks.create(ctx.actor(), webhook_fields(ctx))));
      },
      "Subscribe a URL to events; the answer holds the signing secret, once");
  router.add(
      "GET", "/admin/webhooks/{id}", Access::need(core::Permission::kWebhookManage),
      [&webhooks](RequestContext& ctx) {
        return http::json_response(
            200, services::webhook_json(webhooks.get(ctx.actor(), ctx.id_param("id"))));
      },
      "One webhook");
  for (const char* method : {"PATCH", "PUT"}) {
    router.add(
        method, "/admin/webhooks/{id}", Access::need(core::Permission::kWebhookManage),
        [&webhooks](RequestContext& ctx) {
          return http::json_response(
              200,
              issued_json(webhooks.update(ctx.actor(), ctx.id_param("id"), webhook_fields(ctx))));
        },
        "Change a webhook");
  }
  router.add(
      "DELETE", "/admin/webhooks/{id}", Access::need(core::Permission::kWebhookManage),
      [&webhooks](RequestContext& ctx) {
        webhooks.remove(ctx.actor(), ctx.id_param("id"));
        return http::no_content();
      },
      "Delete a webhook and its deliveries");
  router.add(
      "GET", "/admin/webhooks/{id}/deliveries", Access::need(core::Permission::kWebhookManage),
      [&webhooks](RequestContext& ctx) {
        json::array a;
        for (const auto& d : webhooks.deliveries(ctx.actor(), ctx.id_param("id")))
          a.push_back(services::delivery_json(d));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "The webhook's latest deliveries with their attempts");
  router.add(
      "POST", "/admin/webhooks/{id}/deliveries/{delivery_id}/retry",
      Access::need(core::Permission::kWebhookManage),
      [&webhooks](RequestContext& ctx) {
        return http::json_response(
            200, services::delivery_json(
                     webhooks.retry(ctx.actor(), ctx.id_param("id"), ctx.id_param("delivery_id"))));
      },
      "Send a delivery again now (same id)");
}

}  // namespace escalated::api
