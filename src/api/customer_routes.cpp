// The customer portal's routes: a signed-in user's own tickets.
#include "api/api.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

void register_customer_routes(http::Router& router, ApiServices& s) {
  const std::string& prefix = s.options.ticket_reference_prefix;

  router.add(
      "GET", "/tickets", Access::kUser,
      [&s, &prefix](RequestContext& ctx) {
        core::TicketQuery q = ticket_query_from(ctx);
        return http::json_response(200,
                                   ticket_page_json(s.tickets.list_own(ctx.actor(), q), prefix));
      },
      "List the caller's tickets");

  router.add(
      "POST", "/tickets", Access::kUser, http::Body::kMultipart,
      [&s, &prefix](RequestContext& ctx) {
        services::NewTicket t;
        t.subject = ctx.fields().string("subject").value_or("");
        t.description = ctx.fields().string("description").value_or("");
        t.priority = ctx.fields().string("priority");
        t.ticket_type = ctx.fields().string("ticket_type");
        t.department_id = ctx.fields().id("department_id");
        ctx.check();
        std::vector<store::AttachmentRecord> attached;
        json::object ticket = services::ticket_json(
            s.tickets.create(ctx.actor(), t, uploads_from(ctx), &attached), prefix);
        ticket["attachments"] = services::attachments_json(attached);
        return http::json_response(201, ticket);
      },
      "Open a ticket as the caller");

  router.add(
      "GET", "/tickets/{id}", Access::kUser,
      [&s, &prefix](RequestContext& ctx) {
        core::Actor me = ctx.actor();
        me.role = core::Role::kCustomer;  // the portal view: own tickets, no notes
        return http::json_response(
            200, ticket_detail_json(s.tickets.get_public(me, ctx.param("id")), prefix, false));
      },
      "One of the caller's tickets, with its public replies");

  router.add(
      "POST", "/tickets/{id}/reply", Access::kUser, http::Body::kMultipart,
      [&s](RequestContext& ctx) {
        auto body = ctx.fields().string("body");
        ctx.check();
        core::Actor me = ctx.actor();
        me.role = core::Role::kCustomer;
        return http::json_response(
            201, services::reply_json(s.tickets.reply(me, ctx.param("id"), body.value_or(""), false,
                                                      uploads_from(ctx))));
      },
      "Reply to one of the caller's tickets");

  router.add(
      "POST", "/tickets/{id}/close", Access::kUser,
      [&s, &prefix](RequestContext& ctx) {
        return http::json_response(
            200, services::ticket_json(s.tickets.close_by_requester(ctx.actor(), ctx.param("id")),
                                       prefix));
      },
      "Close one of the caller's tickets");

  router.add(
      "POST", "/tickets/{id}/reopen", Access::kUser,
      [&s, &prefix](RequestContext& ctx) {
        return http::json_response(
            200, services::ticket_json(s.tickets.reopen_by_requester(ctx.actor(), ctx.param("id")),
                                       prefix));
      },
      "Reopen one of the caller's tickets");
}

}  // namespace escalated::api
