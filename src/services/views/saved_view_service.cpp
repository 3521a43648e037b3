#include "services/views/saved_view_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/errors.h"
#include "core/text.h"
#include "core/ticket_search.h"
#include "services/tickets/ticket_search_terms.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxViewName = 100;

std::vector<std::string> columns_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.as_array())
    if (item.is_string()) out.emplace_back(item.as_string());
  return out;
}

bool may_change(const core::Actor& actor, const store::saved_views::SavedViewRecord& v) {
  return v.user_id == actor.user_id || (v.shared && actor.can(core::Permission::kMacroManage));
}

}  // namespace

const std::vector<std::string>& view_column_names() {
  static const std::vector<std::string> names = {
      "reference",  "subject", "status",     "priority",   "assignee", "requester",
      "department", "tags",    "created_at", "updated_at", "sla"};
  return names;
}

core::TicketQuery SavedViewService::query_of(
    const store::saved_views::SavedViewRecord& view) const {
  core::TicketQuery q;
  q.search = core::parse_ticket_search(view.query, "query");
  q.sort = core::parse_ticket_sort(view.sort).value_or(core::TicketSort{});
  return q;
}

SavedView SavedViewService::checked(const core::Actor& actor, const ViewInput& input,
                                    store::saved_views::SavedViewRecord v, bool creating) {
  core::FieldErrorCollector errors;
  if (input.name) v.name = core::trim(*input.name);
  if (creating && !input.name) errors.add("name", "is required");
  if (input.name && v.name.empty()) errors.add("name", "must not be empty");
  if (v.name.size() > kMaxViewName) errors.add("name", "must be at most 100 characters");
  if (input.sort) {
    if (core::parse_ticket_sort(*input.sort))
      v.sort = *input.sort;
    else
      errors.add("sort", "must be created_at, updated_at or priority, optionally with '-'");
  }
  std::vector<std::string> columns = columns_of(v.columns_json);
  if (input.columns) {
    std::set<std::string> seen;
    const auto& known = view_column_names();
    for (std::size_t i = 0; i < input.columns->size(); ++i) {
      const std::string& c = (*input.columns)[i];
      const std::string at = "columns[" + std::to_string(i) + "]";
      if (std::find(known.begin(), known.end(), c) == known.end())
        errors.add(at, "has an unknown column \"" + c + "\"");
      else if (!seen.insert(c).second)
        errors.add(at, "names \"" + c + "\" twice");
    }
    columns = *input.columns;
    json::array a;
    for (const auto& c : columns) a.emplace_back(c);
    v.columns_json = json::serialize(a);
  }
  errors.raise_if_any();
  if (input.query) v.query = core::trim(*input.query);
  if (input.shared) {
    if (*input.shared && !v.shared) core::require(actor, core::Permission::kMacroManage);
    v.shared = *input.shared;
  }
  return SavedView{std::move(v), std::move(columns), std::nullopt};
}

std::vector<SavedView> SavedViewService::list(const core::Actor& actor, bool counts) {
  std::vector<SavedView> out;
  for (auto& v : ctx_.db.read([&](store::Connection& c) {
         return store::saved_views::visible_to(c, actor.user_id);
       })) {
    std::vector<std::string> columns = columns_of(v.columns_json);
    out.push_back(SavedView{std::move(v), std::move(columns), std::nullopt});
  }
  if (counts)
    for (auto& v : out) v.count = tickets_.count(actor, query_of(v.record), kViewCountCap, false);
  return out;
}

SavedView SavedViewService::create(const core::Actor& actor, const ViewInput& input) {
  store::saved_views::SavedViewRecord v;
  v.user_id = actor.user_id;
  v.sort = "-updated_at";
  v.columns_json = R"(["reference","subject","status","priority","assignee","updated_at"])";
  SavedView out = checked(actor, input, std::move(v), true);
  return ctx_.db.write([&](store::Connection& c) {
    core::TicketQuery q = query_of(out.record);  // 422 on "query" with a position
    resolve_search(c, actor, q, ctx_.clock.now(), "query", true);
    out.record.created_at = out.record.updated_at = ctx_.clock.now();
    out.record.id = store::saved_views::insert(c, out.record);
    out.record = *store::saved_views::find(c, out.record.id);
    return out;
  });
}

SavedView SavedViewService::update(const core::Actor& actor, std::int64_t id,
                                   const ViewInput& input) {
  return ctx_.db.write([&](store::Connection& c) {
    auto found = store::saved_views::find(c, id);
    if (!found || (found->user_id != actor.user_id && !found->shared))
      throw core::NotFound("No such view.");
    if (!may_change(actor, *found))
      throw core::Forbidden(
          "Only the view's owner, or macro.manage for a shared view, may change it.");
    SavedView out = checked(actor, input, *found, false);
    core::TicketQuery q = query_of(out.record);
    resolve_search(c, actor, q, ctx_.clock.now(), "query", true);
    out.record.updated_at = ctx_.clock.now();
    store::saved_views::update(c, out.record);
    return out;
  });
}

void SavedViewService::remove(const core::Actor& actor, std::int64_t id) {
  ctx_.db.write([&](store::Connection& c) {
    auto found = store::saved_views::find(c, id);
    if (!found || (found->user_id != actor.user_id && !found->shared))
      throw core::NotFound("No such view.");
    if (!may_change(actor, *found))
      throw core::Forbidden(
          "Only the view's owner, or macro.manage for a shared view, may delete it.");
    store::saved_views::remove(c, id);
  });
}

std::vector<SavedView> SavedViewService::reorder(const core::Actor& actor,
                                                 const std::vector<std::int64_t>& ids) {
  ctx_.db.write([&](store::Connection& c) {
    std::set<std::int64_t> visible, seen;
    for (const auto& v : store::saved_views::visible_to(c, actor.user_id)) visible.insert(v.id);
    for (auto id : ids) {
      if (!visible.count(id))
        throw core::ValidationError("ids", "has " + std::to_string(id) + ", not a view you see");
      if (!seen.insert(id).second)
        throw core::ValidationError("ids", "has " + std::to_string(id) + " twice");
    }
    store::saved_views::set_order(c, actor.user_id, ids);
  });
  return list(actor, false);
}

TicketPage SavedViewService::run(const core::Actor& actor, std::int64_t id, core::TicketQuery query,
                                 bool keep_sort) {
  auto view = ctx_.db.read([&](store::Connection& c) { return store::saved_views::find(c, id); });
  if (!view || (view->user_id != actor.user_id && !view->shared))
    throw core::NotFound("No such view.");
  core::TicketQuery saved = query_of(*view);
  for (auto& f : saved.search.filters) query.search.filters.push_back(std::move(f));
  for (auto& t : saved.search.texts) query.search.texts.push_back(std::move(t));
  if (!keep_sort) query.sort = saved.sort;
  return tickets_.list(actor, std::move(query), false);
}

}  // namespace escalated::services
