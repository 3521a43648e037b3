// The agent workspace's routes: the queue and every action on a ticket.
#include "api/api.h"
#include "core/text.h"
#include "core/time_format.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

// Reads ["name", 3, ...] into tag references; a wrong item is a field error
// under its index ("add[1]").
std::vector<services::TagRef> tag_refs(RequestContext& ctx, const char* field) {
  const std::string wrong = "must be a list of tag ids or names";
  auto refs = ctx.fields().list_of<services::TagRef>(
      field, wrong, wrong, [](const json::value& item) -> std::optional<services::TagRef> {
        if (item.is_int64() && item.as_int64() > 0) return services::TagRef{item.as_int64(), ""};
        if (item.is_string()) return services::TagRef{std::nullopt, std::string(item.as_string())};
        return std::nullopt;
      });
  return refs.value_or(std::vector<services::TagRef>{});
}

// The stale-write guard's optional `expected_updated_at`: the ticket's
// updated_at as the caller last saw it.
std::optional<core::Millis> expected_updated_at(RequestContext& ctx) {
  auto text = ctx.fields().string("expected_updated_at");
  if (!text) return std::nullopt;
  auto at = core::parse_rfc3339(*text);
  if (!at) ctx.fields().error("expected_updated_at", "must be an RFC 3339 date-time");
  return at;
}

json::array followers_json(const std::vector<store::followers::FollowerRecord>& followers) {
  json::array out;
  for (const auto& f : followers) out.push_back(json::object{{"id", f.user_id}, {"name", f.name}});
  return out;
}

}  // namespace

void register_agent_routes(http::Router& router, ApiServices& s) {
  const std::string& prefix = s.options.ticket_reference_prefix;
  auto ticket_response = [&prefix](const services::TicketView& view) {
    return http::json_response(200, services::ticket_json(view, prefix));
  };

  router.add(
      "GET", "/agent/tickets", Access::need(core::Permission::kTicketView),
      [&s, &prefix](RequestContext& ctx) {
        core::TicketQuery q = ticket_query_from(ctx);
        // A saved view: its query joins the parameters' filters, and its
        // sort stands unless `sort` is given.
        if (auto v = ctx.query("view_id")) {
          auto id = core::positive_int(*v);
          if (!id) ctx.fields().error("view_id", "must be a saved view's id");
          ctx.check();
          bool keep_sort = ctx.query("sort").has_value();
          return http::json_response(
              200,
              ticket_page_json(s.views.run(ctx.actor(), *id, std::move(q), keep_sort), prefix));
        }
        return http::json_response(200, ticket_page_json(s.tickets.list(ctx.actor(), q), prefix));
      },
      "The ticket queue, filtered, sorted and paged");

  router.add(
      "GET", "/agent/tickets/dashboard", Access::need(core::Permission::kTicketView),
      [&s](RequestContext& ctx) {
        services::Dashboard d = s.tickets.dashboard(ctx.actor());
        return http::json_response(200, json::object{{"open", d.open},
                                                     {"mine", d.mine},
                                                     {"unassigned", d.unassigned},
                                                     {"resolved_today", d.resolved_today}});
      },
      "Counts for the agent's workload");

  router.add(
      "GET", "/agent/tickets/{id}", Access::need(core::Permission::kTicketView),
      [&s, &prefix](RequestContext& ctx) {
        return http::json_response(
            200, ticket_detail_json(s.tickets.get(ctx.actor(), ctx.param("id")), prefix, true));
      },
      "A ticket with replies, notes and its timeline");

  for (bool note : {false, true}) {
    router.add(
        "POST", note ? "/agent/tickets/{id}/note" : "/agent/tickets/{id}/reply",
        Access::need(note ? core::Permission::kReplyCreateInternal
                          : core::Permission::kReplyCreate),
        http::Body::kMultipart,
        [&s, note](RequestContext& ctx) {
          auto body = ctx.fields().string("body");
          auto expected = expected_updated_at(ctx);
          ctx.check();
          return http::json_response(
              201, services::reply_json(s.tickets.reply(
                       ctx.actor(), ctx.param("id"), body.value_or(""), note, uploads_from(ctx), {},
                       services::TicketService::WhenClosed::kRefuse, expected)));
        },
        note ? "Add an internal note" : "Reply to the requester");
  }

  router.add(
      "POST", "/agent/tickets/{id}/assign", Access::need(core::Permission::kTicketAssign),
      [&s, ticket_response](RequestContext& ctx) {
        auto agent = ctx.fields().nullable_id("agent_id");
        if (!agent) ctx.fields().error("agent_id", "is required (null unassigns)");
        auto expected = expected_updated_at(ctx);
        ctx.check();
        return ticket_response(s.tickets.assign(ctx.actor(), ctx.param("id"), *agent, expected));
      },
      "Assign an agent, or unassign with null");

  router.add(
      "POST", "/agent/tickets/{id}/status", Access::need(core::Permission::kTicketEdit),
      [&s, ticket_response](RequestContext& ctx) {
        std::string status = ctx.fields().required_string("status");
        auto expected = expected_updated_at(ctx);
        ctx.check();
        return ticket_response(
            s.tickets.change_status(ctx.actor(), ctx.param("id"), status, expected));
      },
      "Move the ticket to another status");

  router.add(
      "POST", "/agent/tickets/{id}/priority", Access::need(core::Permission::kTicketEdit),
      [&s, ticket_response](RequestContext& ctx) {
        std::string priority = ctx.fields().required_string("priority");
        auto expected = expected_updated_at(ctx);
        ctx.check();
        return ticket_response(
            s.tickets.change_priority(ctx.actor(), ctx.param("id"), priority, expected));
      },
      "Change the priority");

  router.add(
      "POST", "/agent/tickets/{id}/department", Access::need(core::Permission::kTicketEdit),
      [&s, ticket_response](RequestContext& ctx) {
        auto department = ctx.fields().nullable_id("department_id");
        if (!department) ctx.fields().error("department_id", "is required (null clears it)");
        auto expected = expected_updated_at(ctx);
        ctx.check();
        return ticket_response(
            s.tickets.set_department(ctx.actor(), ctx.param("id"), *department, expected));
      },
      "Move the ticket to a department");

  router.add(
      "POST", "/agent/tickets/{id}/tags", Access::need(core::Permission::kTicketEdit),
      [&s, ticket_response](RequestContext& ctx) {
        auto add = tag_refs(ctx, "add");
        auto remove = tag_refs(ctx, "remove");
        auto expected = expected_updated_at(ctx);
        ctx.check();
        return ticket_response(
            s.tickets.edit_tags(ctx.actor(), ctx.param("id"), add, remove, expected));
      },
      "Add and remove tags");

  for (bool follow : {true, false}) {
    router.add(
        follow ? "POST" : "DELETE", "/agent/tickets/{id}/followers",
        Access::need(core::Permission::kTicketView),
        [&s, follow](RequestContext& ctx) {
          auto user = ctx.fields().id("user_id");
          ctx.check();
          auto followers = follow ? s.tickets.follow(ctx.actor(), ctx.param("id"), user)
                                  : s.tickets.unfollow(ctx.actor(), ctx.param("id"), user);
          return http::json_response(200, json::object{{"followers", followers_json(followers)}});
        },
        follow ? "Follow the ticket (or make another agent follow it)" : "Stop following");
  }

  router.add(
      "GET", "/agent/agents", Access::need(core::Permission::kTicketView),
      [&s](RequestContext& ctx) {
        json::array data;
        for (const auto& u : s.accounts.list_staff(ctx.actor()))
          data.push_back(services::user_json(u));
        return http::json_response(200, json::object{{"data", data}});
      },
      "Agents and admins a ticket can be assigned to");
}

}  // namespace escalated::api
