// The admin panel's mail routes: notification templates and the mail queue.
#include "api/api.h"
#include "services/mail/mail_service.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

json::object rendered_json(const services::RenderedMail& r) {
  return {{"subject", r.subject}, {"body_text", r.text}, {"body_html", r.html}};
}

services::MailTemplateParts template_parts(RequestContext& ctx) {
  core::JsonFields& f = ctx.fields();
  services::MailTemplateParts parts;
  parts.subject = f.string("subject");
  parts.body_text = f.string("body_text");
  parts.body_html = f.string("body_html");
  ctx.check();
  return parts;
}

// The `locale` query parameter: which language's template (default "en").
std::string locale_of(const RequestContext& ctx) {
  return ctx.query("locale").value_or("en");
}

int limit_of(RequestContext& ctx) {
  auto limit = ctx.query_int("limit", 1, 200, "must be 1 to 200");
  ctx.check();
  return static_cast<int>(limit.value_or(50));
}

}  // namespace

void register_mail_routes(http::Router& router, services::MailService& mail) {
  router.add(
      "GET", "/admin/email-templates", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        json::array a;
        for (const auto& t : mail.templates(ctx.actor(), locale_of(ctx)))
          a.push_back(services::mail_template_json(t));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "The notification templates in one locale, each with its default and any override");
  router.add(
      "GET", "/admin/email-templates/{key}", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        return http::json_response(200, services::mail_template_json(mail.template_view(
                                            ctx.actor(), ctx.param("key"), locale_of(ctx))));
      },
      "One notification template");
  router.add(
      "PUT", "/admin/email-templates/{key}", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        return http::json_response(
            200, services::mail_template_json(mail.put_template(
                     ctx.actor(), ctx.param("key"), locale_of(ctx), template_parts(ctx))));
      },
      "Override a notification template in one locale");
  router.add(
      "DELETE", "/admin/email-templates/{key}", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        return http::json_response(200, services::mail_template_json(mail.reset_template(
                                            ctx.actor(), ctx.param("key"), locale_of(ctx))));
      },
      "Back to the built-in template");
  router.add(
      "POST", "/admin/email-templates/{key}/preview",
      Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        return http::json_response(
            200, rendered_json(mail.preview(ctx.actor(), ctx.param("key"), locale_of(ctx),
                                            template_parts(ctx))));
      },
      "Render a template (or a draft of it) with sample values");
  router.add(
      "GET", "/admin/mail", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        json::array a;
        for (const auto& m : mail.queue(ctx.actor(), ctx.query("status"), limit_of(ctx)))
          a.push_back(services::mail_message_json(m));
        return http::json_response(200, json::object{{"data", std::move(a)}});
      },
      "The latest outgoing mail, newest first");
  router.add(
      "POST", "/admin/mail/{id}/retry", Access::need(core::Permission::kSettingsManage),
      [&mail](RequestContext& ctx) {
        return http::json_response(
            200, services::mail_message_json(mail.retry(ctx.actor(), ctx.id_param("id"))));
      },
      "Send a message again now");
}

}  // namespace escalated::api
