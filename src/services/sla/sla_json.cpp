#include "services/sla/sla_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time_format.h"
#include "services/base/stored_json.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

std::map<core::Priority, std::int64_t> targets_from(const std::string& stored) {
  std::map<core::Priority, std::int64_t> out;
  json::value v = parse_stored(stored);
  if (!v.is_object()) return out;
  for (const auto& [name, minutes] : v.as_object()) {
    auto p = core::parse_priority(name);
    if (p && minutes.is_number()) out[*p] = minutes.to_number<std::int64_t>();
  }
  return out;
}

json::array intervals_json(const std::vector<core::OpeningHoursSpec>& intervals) {
  json::array out;
  for (const auto& i : intervals) out.push_back(json::object{{"start", i.start}, {"end", i.end}});
  return out;
}

template <typename T>
json::array names_json(const std::vector<T>& values) {
  json::array out;
  for (T v : values) out.push_back(json::string(core::to_string(v)));
  return out;
}

}  // namespace

std::string stored_schedule(
    const std::map<std::string, std::vector<core::OpeningHoursSpec>>& schedule) {
  json::object out;
  for (std::string_view day : core::kWeekdayNames)
    if (auto it = schedule.find(std::string(day)); it != schedule.end())
      out[day] = intervals_json(it->second);
  // Names that are no weekday stay, for the calendar check to refuse.
  for (const auto& [day, intervals] : schedule)
    if (!out.contains(day)) out[day] = intervals_json(intervals);
  return json::serialize(out);
}

std::string stored_holidays(const std::vector<core::HolidaySpec>& holidays) {
  json::array out;
  for (const auto& h : holidays)
    out.push_back(json::object{{"name", h.name}, {"date", h.date}, {"recurring", h.recurring}});
  return json::serialize(out);
}

core::BusinessCalendarSpec calendar_spec(const store::sla::BusinessScheduleRecord& record) {
  core::BusinessCalendarSpec spec;
  spec.timezone = record.timezone;
  json::value schedule = parse_stored(record.schedule_json);
  if (schedule.is_object()) {
    for (const auto& [day, intervals] : schedule.as_object()) {
      auto& out = spec.schedule[std::string(day)];
      if (!intervals.is_array()) continue;
      for (const auto& i : intervals.as_array()) {
        const json::object* o = i.if_object();
        if (!o) continue;
        auto text = [o](const char* k) {
          const json::value* v = o->if_contains(k);
          return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        out.push_back(core::OpeningHoursSpec{text("start"), text("end")});
      }
    }
  }
  json::value holidays = parse_stored(record.holidays_json);
  if (holidays.is_array()) {
    for (const auto& h : holidays.as_array()) {
      const json::object* o = h.if_object();
      if (!o) continue;
      core::HolidaySpec spec_h;
      if (auto v = o->if_contains("name"); v && v->is_string()) spec_h.name = v->as_string();
      if (auto v = o->if_contains("date"); v && v->is_string()) spec_h.date = v->as_string();
      if (auto v = o->if_contains("recurring"); v && v->is_bool()) spec_h.recurring = v->as_bool();
      spec.holidays.push_back(std::move(spec_h));
    }
  }
  return spec;
}

json::object schedule_json(const store::sla::BusinessScheduleRecord& record) {
  json::value schedule = parse_stored(record.schedule_json);
  json::value holidays = parse_stored(record.holidays_json);
  return {{"id", record.id},
          {"name", record.name},
          {"timezone", record.timezone},
          {"schedule", schedule.is_object() ? schedule : json::object()},
          {"holidays", holidays.is_array() ? holidays : json::array()},
          {"created_at", core::format_rfc3339(record.created_at)},
          {"updated_at", core::format_rfc3339(record.updated_at)}};
}

std::string stored_targets(const std::map<core::Priority, std::int64_t>& minutes) {
  json::object out;
  for (const auto& [priority, m] : minutes) out[core::to_string(priority)] = m;
  return json::serialize(out);
}

std::string stored_match(const PolicyMatch& match) {
  json::array departments;
  for (std::int64_t id : match.department_ids) departments.push_back(id);
  return json::serialize(json::object{{"department_ids", std::move(departments)},
                                      {"priorities", names_json(match.priorities)},
                                      {"ticket_types", names_json(match.ticket_types)}});
}

core::SlaTargets policy_targets(const store::sla::PolicyRecord& record) {
  return core::SlaTargets{targets_from(record.first_response_json),
                          targets_from(record.resolution_json)};
}

PolicyMatch policy_match(const store::sla::PolicyRecord& record) {
  PolicyMatch m;
  json::value v = parse_stored(record.match_json);
  if (!v.is_object()) return m;
  const json::object& o = v.as_object();
  if (auto l = o.if_contains("department_ids"); l && l->is_array())
    for (const auto& x : l->as_array())
      if (x.is_int64()) m.department_ids.push_back(x.as_int64());
  if (auto l = o.if_contains("priorities"); l && l->is_array())
    for (const auto& x : l->as_array())
      if (auto p = x.is_string() ? core::parse_priority(x.as_string()) : std::nullopt)
        m.priorities.push_back(*p);
  if (auto l = o.if_contains("ticket_types"); l && l->is_array())
    for (const auto& x : l->as_array())
      if (auto t = x.is_string() ? core::parse_ticket_type(x.as_string()) : std::nullopt)
        m.ticket_types.push_back(*t);
  return m;
}

json::object policy_json(const store::sla::PolicyRecord& record) {
  auto object_or_empty = [](const std::string& stored) {
    json::value v = parse_stored(stored);
    return v.is_object() ? v.as_object() : json::object();
  };
  json::object match = object_or_empty(record.match_json);
  for (const char* key : {"department_ids", "priorities", "ticket_types"})
    if (!match.contains(key)) match[key] = json::array();
  return {{"id", record.id},
          {"name", record.name},
          {"description", record.description},
          {"first_response_minutes", object_or_empty(record.first_response_json)},
          {"resolution_minutes", object_or_empty(record.resolution_json)},
          {"business_hours_id", record.business_hours_id ? json::value(*record.business_hours_id)
                                                         : json::value(nullptr)},
          {"is_default", record.is_default},
          {"active", record.active},
          {"position", record.position},
          {"match", std::move(match)},
          {"created_at", core::format_rfc3339(record.created_at)},
          {"updated_at", core::format_rfc3339(record.updated_at)}};
}

}  // namespace escalated::services
