// Admin > Business hours and SLA policies: the calendars SLA clocks count
// in and the targets they count to.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "api/admin/admin.h"
#include "api/admin/body_fields.h"
#include "services/sla/sla_json.h"
#include "services/sla/sla_service.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

// "schedule": {"monday": [{"start": "09:00", "end": "17:00"}, ...], ...}
std::optional<std::map<std::string, std::vector<core::OpeningHoursSpec>>> weekly_hours(
    core::JsonFields& body) {
  const json::value* v = body.value("schedule");
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    body.error("schedule", "must be an object keyed by weekday");
    return std::nullopt;
  }
  std::map<std::string, std::vector<core::OpeningHoursSpec>> week;
  for (const auto& [day, intervals] : v->as_object()) {
    std::string weekday(day);
    std::string field = "schedule." + weekday;
    if (std::find(core::kWeekdayNames.begin(), core::kWeekdayNames.end(), weekday) ==
        core::kWeekdayNames.end()) {
      body.error(field, "is not a weekday (monday ... sunday)");
      continue;
    }
    if (!intervals.is_array()) {
      body.error(field, "must be a list of {\"start\", \"end\"}");
      continue;
    }
    auto& kept = week[weekday];
    const json::array& items = intervals.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string item = field + "[" + std::to_string(i) + "]";
      const json::object* o = items[i].if_object();
      auto time = [&](const char* key) -> std::optional<std::string> {
        const json::value* t = o ? o->if_contains(key) : nullptr;
        if (t && t->is_string()) return std::string(t->as_string());
        body.error(item + "." + key, "must be \"HH:MM\"");
        return std::nullopt;
      };
      auto start = time("start");
      auto end = time("end");
      if (start && end) kept.push_back(core::OpeningHoursSpec{*start, *end});
    }
  }
  return week;
}

// "holidays": [{"name": "...", "date": "YYYY-MM-DD", "recurring": false}, ...]
std::optional<std::vector<core::HolidaySpec>> holidays(core::JsonFields& body) {
  auto items = body.objects("holidays", "must be a list of {\"name\", \"date\", \"recurring\"}");
  if (!items) return std::nullopt;
  std::vector<core::HolidaySpec> out;
  for (core::JsonFields& h : *items) {
    core::HolidaySpec holiday;
    holiday.name = h.string("name").value_or("");
    const std::string date_message = "must be a date \"YYYY-MM-DD\"";
    if (!h.value("date")) h.error("date", date_message);
    holiday.date = h.string("date", date_message).value_or("");
    holiday.recurring = h.boolean("recurring").value_or(false);
    out.push_back(std::move(holiday));
  }
  return out;
}

services::BusinessScheduleFields schedule_fields(RequestContext& ctx, bool creating) {
  core::JsonFields& body = strict_fields(ctx);
  services::BusinessScheduleFields f;
  f.name = body.string("name");
  f.timezone = body.string("timezone", "must be an IANA time zone name such as Europe/Berlin");
  if (creating && !body.value("schedule")) body.error("schedule", "is required");
  f.schedule = weekly_hours(body);
  f.holidays = holidays(body);
  body.add_errors(services::check_schedule_fields(f, creating));
  return f;
}

// {"low": 1440, ...}: minutes per priority.
std::optional<std::map<core::Priority, std::int64_t>> minutes_by_priority(core::JsonFields& body,
                                                                          const char* key) {
  const json::value* v = body.value(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    body.error(key, "must be an object of minutes by priority");
    return std::nullopt;
  }
  std::map<core::Priority, std::int64_t> out;
  for (const auto& [name, minutes] : v->as_object()) {
    std::string field = std::string(key) + "." + std::string(name);
    auto priority = core::parse_priority(name);
    auto m = whole_number(minutes);
    if (!priority)
      body.error(field, "is not a priority (low, medium, high, urgent, critical)");
    else if (!m)
      body.error(field, "must be a whole number of minutes");
    else
      out[*priority] = *m;
  }
  return out;
}

// A list of names of one vocabulary ("priorities": ["high", ...]), each
// name that is not one reported as `message` under its index.
template <typename T>
std::vector<T> names(core::JsonFields& match, std::string_view key, const json::value& list,
                     std::optional<T> (*parse)(std::string_view), const std::string& message) {
  std::vector<T> out;
  const json::array& items = list.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto value = items[i].is_string() ? parse(items[i].as_string()) : std::nullopt;
    if (value)
      out.push_back(*value);
    else
      match.error(std::string(key) + "[" + std::to_string(i) + "]", message);
  }
  return out;
}

// "match": {"department_ids": [..], "priorities": [..], "ticket_types": [..]}
std::optional<services::PolicyMatch> policy_match(core::JsonFields& body) {
  auto match = body.object("match");
  if (!match) return std::nullopt;
  services::PolicyMatch out;
  for (const auto& [key, list] : match->object()) {
    match->value(key);  // read here, unknown keys reported here
    if (key != "department_ids" && key != "priorities" && key != "ticket_types") {
      match->error(key, "is not known (department_ids, priorities, ticket_types)");
    } else if (key == "department_ids") {
      out.department_ids = match->ids(key, "must be a list", "must be a department id")
                               .value_or(std::vector<std::int64_t>{});
    } else if (!list.is_array()) {
      match->error(key, "must be a list");
    } else if (key == "priorities") {
      out.priorities =
          names<core::Priority>(*match, key, list, core::parse_priority,
                                "must be a priority (low, medium, high, urgent, critical)");
    } else {
      out.ticket_types =
          names<core::TicketType>(*match, key, list, core::parse_ticket_type,
                                  "must be a ticket type (question, problem, incident, task)");
    }
  }
  return out;
}

services::SlaPolicyFields policy_fields(RequestContext& ctx, bool creating) {
  core::JsonFields& body = strict_fields(ctx);
  services::SlaPolicyFields f;
  f.name = body.string("name");
  f.description = body.string("description");
  f.first_response_minutes = minutes_by_priority(body, "first_response_minutes");
  f.resolution_minutes = minutes_by_priority(body, "resolution_minutes");
  f.business_hours_id =
      body.nullable_id("business_hours_id", "must be a business-hours id or null");
  f.is_default = body.boolean("is_default");
  f.active = body.boolean("active");
  f.position = position(body);
  f.match = policy_match(body);
  body.add_errors(services::check_policy_fields(f, creating));
  return f;
}

}  // namespace

void register_sla_routes(http::Router& router, ApiServices& s) {
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
        auto fields = schedule_fields(ctx, true);
        ctx.check();
        return services::schedule_json(s.sla.create_schedule(ctx.actor(), fields));
      },
      [&s](RequestContext& ctx) {
        std::int64_t id = ctx.id_param("id");
        auto fields = schedule_fields(ctx, false);
        ctx.check();
        return services::schedule_json(s.sla.update_schedule(ctx.actor(), id, fields));
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
        auto fields = policy_fields(ctx, true);
        ctx.check();
        return services::policy_json(s.sla.create_policy(ctx.actor(), fields));
      },
      [&s](RequestContext& ctx) {
        std::int64_t id = ctx.id_param("id");
        auto fields = policy_fields(ctx, false);
        ctx.check();
        return services::policy_json(s.sla.update_policy(ctx.actor(), id, fields));
      },
      [&s](RequestContext& ctx) { s.sla.delete_policy(ctx.actor(), ctx.id_param("id")); });
}

}  // namespace escalated::api
