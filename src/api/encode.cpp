#include <charconv>

#include "api/api.h"
#include "core/text.h"

namespace escalated::api {

namespace json = boost::json;

json::object ticket_page_json(const services::TicketPage& page, const std::string& prefix) {
  return page_json(page.items, page.next_cursor,
                   [&prefix](const auto& view) { return services::ticket_json(view, prefix); });
}

json::object ticket_detail_json(const services::TicketDetail& d, const std::string& prefix,
                                bool staff) {
  json::object o = services::ticket_json(d.view, prefix);
  o["attachments"] = services::attachments_json(d.attachments);
  json::array replies;
  for (const auto& r : d.replies) replies.push_back(services::reply_json(r));
  o["replies"] = std::move(replies);
  o["satisfaction_rating"] = services::satisfaction_json(d.satisfaction);
  if (staff) {
    json::array activities;
    for (const auto& a : d.activities) activities.push_back(services::activity_json(a));
    o["activities"] = std::move(activities);
    json::array allowed;
    for (auto s : d.allowed_statuses) allowed.emplace_back(core::to_string(s));
    o["allowed_transitions"] = std::move(allowed);
    json::array followers;
    for (const auto& f : d.followers)
      followers.push_back(json::object{{"id", f.user_id}, {"name", f.name}});
    o["followers"] = std::move(followers);
  }
  return o;
}

core::TicketQuery ticket_query_from(http::RequestContext& ctx) {
  core::TicketQuery q;
  if (auto v = ctx.query("status")) {
    for (const auto& name : core::split_list(*v)) {
      if (auto s = core::parse_status(name))
        q.statuses.push_back(*s);
      else
        ctx.fields().error("status", "unknown status: " + name);
    }
  }
  if (auto v = ctx.query("priority")) {
    for (const auto& name : core::split_list(*v)) {
      if (auto p = core::parse_priority(name))
        q.priorities.push_back(*p);
      else
        ctx.fields().error("priority", "unknown priority: " + name);
    }
  }
  if (auto v = ctx.query("following")) {
    if (*v == "me")
      q.follower_id = ctx.actor().user_id;
    else
      ctx.fields().error("following", "must be \"me\"");
  }
  if (auto v = ctx.query("assignee_id")) {
    if (*v == "me")
      q.assignee_id = ctx.actor().user_id;
    else if (auto id = core::positive_int(*v))
      q.assignee_id = id;
    else
      ctx.fields().error("assignee_id", "must be a user id or \"me\"");
  }
  auto flag = [&ctx](const char* name, bool& out) {
    if (auto v = ctx.query(name)) {
      if (*v == "1" || *v == "true")
        out = true;
      else if (*v != "0" && *v != "false")
        ctx.fields().error(name, "must be true or false");
    }
  };
  flag("unassigned", q.unassigned);
  flag("include_snoozed", q.include_snoozed);
  if (auto v = ctx.query("department_id")) {
    if (auto id = core::positive_int(*v))
      q.department_id = id;
    else
      ctx.fields().error("department_id", "must be a department id");
  }
  if (auto v = ctx.query("tag"); v && !v->empty()) q.tag = *v;
  // The search language (core/ticket_search.h); a malformed query is a 422
  // on "q" with the position where it went wrong.
  if (auto v = ctx.query("q"); v && !v->empty()) q.search = core::parse_ticket_search(*v, "q");
  if (auto v = ctx.query("sort")) {
    if (auto sort = core::parse_ticket_sort(*v))
      q.sort = *sort;
    else
      ctx.fields().error("sort", "must be created_at, updated_at or priority, optionally with '-'");
  }
  if (auto v = ctx.query("limit")) {
    auto n = core::positive_int(*v);
    if (n && *n <= core::kMaxPageSize)
      q.limit = static_cast<int>(*n);
    else
      ctx.fields().error("limit", "must be from 1 to 100");
  }
  if (auto v = ctx.query("cursor"); v && !v->empty()) q.cursor = *v;
  ctx.check();
  return q;
}

}  // namespace escalated::api
