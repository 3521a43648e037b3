// Guests: a ticket from the widget, then the magic link's page, reply and
// rating; "find my ticket"; and staff revoking a ticket's links.
#include "api/guest_routes.h"

#include "api/api.h"
#include "http/problem.h"
#include "http/request_context.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

// The budgets' 429, with Retry-After as every other budget sends it.
Response over_budget(const services::GuestBudgetSpent& e) {
  Response r = http::problem(429, e.title(), e.what());
  r.set_header("Retry-After", std::to_string(e.retry_after_seconds()));
  return r;
}

}  // namespace

void register_guest_routes(http::Router& router, services::GuestService& guests,
                           const Options& options) {
  const std::string& prefix = options.ticket_reference_prefix;

  router.add(
      "POST", "/widget/tickets", Access::kPublic,
      [&guests](RequestContext& ctx) {
        services::GuestTicketInput in;
        in.name = ctx.fields().required_string("name");
        in.email = ctx.fields().required_string("email");
        in.subject = ctx.fields().required_string("subject");
        in.description = ctx.fields().required_string("description");
        in.captcha_token = ctx.fields().string("captcha_token");
        ctx.check();
        try {
          services::GuestTicketCreated t = guests.open_ticket(in, ctx.client_address());
          return http::json_response(201,
                                     json::object{{"reference", t.reference}, {"token", t.token}});
        } catch (const services::GuestBudgetSpent& e) {
          return over_budget(e);
        }
      },
      "Open a ticket without an account; the answer's token is its magic link");

  router.add(
      "POST", "/widget/tickets/find", Access::kPublic,
      [&guests](RequestContext& ctx) {
        std::string reference = ctx.fields().required_string("reference");
        std::string email = ctx.fields().required_string("email");
        ctx.check();
        try {
          guests.find(reference, email, ctx.client_address());
        } catch (const services::GuestBudgetSpent& e) {
          return over_budget(e);
        }
        return http::json_response(
            202, json::object{{"status", "accepted"},
                              {"detail",
                               "If the reference and the address belong to one ticket, a link "
                               "to it is on its way."}});
      },
      "Mail a fresh magic link to a ticket's guest (the same answer whether or not it matched)");

  router.add(
      "GET", "/widget/tickets/{token}", Access::kPublic,
      [&guests, &prefix](RequestContext& ctx) {
        services::GuestTicketView v = guests.show(ctx.param("token"));
        return http::json_response(
            200, json::object{{"ticket", ticket_detail_json(v.detail, prefix, false)},
                              {"offer_signup", v.offer_signup}});
      },
      "The magic link's ticket with its public replies");

  router.add(
      "POST", "/widget/tickets/{token}/reply", Access::kPublic, http::Body::kMultipart,
      [&guests](RequestContext& ctx) {
        std::string body = ctx.fields().required_string("body");
        ctx.check();
        return http::json_response(
            201, services::reply_json(guests.reply(ctx.param("token"), body, uploads_from(ctx))));
      },
      "Reply to the magic link's ticket as its requester");

  router.add(
      "GET", "/widget/tickets/{token}/attachments/{id}", Access::kPublic,
      [&guests](RequestContext& ctx) {
        return download_response(guests.download(ctx.param("token"), ctx.id_param("id")));
      },
      "A file of the magic link's ticket (on the ticket or a public reply)");

  router.add(
      "POST", "/widget/tickets/{token}/rate", Access::kPublic,
      [&guests](RequestContext& ctx) {
        services::RatingInput input;
        input.rating = ctx.fields().integer("rating");
        input.comment = ctx.fields().string("comment");
        ctx.check();
        services::RateResult r = guests.rate(ctx.param("token"), input);
        return http::json_response(r.created ? 201 : 200, services::rating_json(r.rating));
      },
      "Rate the magic link's ticket once it is resolved or closed");

  router.add(
      "GET", "/widget/ratings/{ticket}/{rating}", Access::kPublic,
      [&guests](RequestContext& ctx) {
        auto rated = guests.rate_by_link(ctx.param("ticket"), ctx.param("rating"),
                                         ctx.query("sig").value_or(""));
        // A browser following the mailed link goes on to the page that
        // offers the comment; a program gets the rating and that page.
        auto accept = ctx.request().header("Accept");
        if (accept && accept->find("text/html") != std::string_view::npos) {
          Response r;
          r.status = 303;
          r.set_header("Location", rated.comment_url);
          return r;
        }
        return http::json_response(
            200, json::object{{"rating", services::rating_json(rated.rated.rating)},
                              {"comment_url", rated.comment_url}});
      },
      "Record the rating a one-click link of the resolved mail carries, then show where to "
      "comment");

  router.add(
      "DELETE", "/agent/tickets/{id}/guest-links", Access::need(core::Permission::kTicketEdit),
      [&guests](RequestContext& ctx) {
        return http::json_response(
            200, json::object{{"revoked", guests.revoke(ctx.actor(), ctx.param("id"))}});
      },
      "End every magic link to the ticket");
}

void register_widget_script_route(http::Router& router, std::shared_ptr<const WebAssets> ui) {
  router.add(
      "GET", "/widget.js", Access::kPublic,
      [ui = std::move(ui)](RequestContext&) {
        const std::string* script = ui->widget_script();
        if (!script)
          return http::problem(404, "Not Found", "The widget is not built into this server.");
        Response r;
        r.status = 200;
        r.headers.emplace_back("Content-Type", "text/javascript; charset=utf-8");
        // Its name does not change with its content: hosts' visitors keep it
        // an hour, so a new version reaches every page within that.
        r.headers.emplace_back("Cache-Control", "public, max-age=3600");
        // Host pages on other sites load it (including ones that require
        // cross-origin resources to say so); opened as a document, it may do
        // nothing at all.
        r.headers.emplace_back("Cross-Origin-Resource-Policy", "cross-origin");
        r.headers.emplace_back("Content-Security-Policy",
                               "default-src 'none'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'; sandbox");
        r.body = *script;
        return r;
      },
      "The embeddable widget's script");
}

}  // namespace escalated::api
