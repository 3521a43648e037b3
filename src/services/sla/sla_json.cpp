#include "services/sla/sla_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.h"
#include "core/time_format.h"
#include "services/base/stored_json.h"

namespace escalated::services {

namespace json = boost::json;

namespace {

constexpr const char* kWeekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                     "friday", "saturday", "sunday"};
constexpr std::size_t kMaxName = 100;

std::string read_name(const json::object& body, std::string& out,
                      core::FieldErrorCollector& errors) {
  if (auto v = body.if_contains("name")) {
    if (!v->is_string()) {
      errors.add("name", "must be a string");
    } else {
      out = std::string(v->as_string());
    }
  }
  out = core::trim(out, " \t");
  if (out.empty()) errors.add("name", "is required");
  if (out.size() > kMaxName) errors.add("name", "must be at most 100 characters");
  return out;
}

std::optional<bool> read_bool(const json::object& body, const char* key,
                              core::FieldErrorCollector& errors) {
  auto v = body.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    errors.add(key, "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

// {"low": 1440, ...}: minutes per priority, whole and not negative.
std::string read_targets(const json::value& v, const char* key, core::FieldErrorCollector& errors) {
  if (!v.is_object()) {
    errors.add(key, "must be an object of minutes by priority");
    return "{}";
  }
  json::object out;
  for (const auto& [name, minutes] : v.as_object()) {
    std::string field = std::string(key) + "." + std::string(name);
    if (!core::parse_priority(name)) {
      errors.add(field, "is not a priority (low, medium, high, urgent, critical)");
    } else if (!minutes.is_int64() && !minutes.is_uint64()) {
      errors.add(field, "must be a whole number of minutes");
    } else if (minutes.to_number<std::int64_t>() < 0 ||
               minutes.to_number<std::int64_t>() > 10'000'000) {
      errors.add(field, "must be between 0 and 10000000 minutes");
    } else {
      out[name] = minutes.to_number<std::int64_t>();
    }
  }
  return json::serialize(out);
}

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

// {"department_ids": [..], "priorities": [..], "ticket_types": [..]}
std::string read_match(const json::value& v, core::FieldErrorCollector& errors) {
  if (!v.is_object()) {
    errors.add("match", "must be an object");
    return "{}";
  }
  json::object out;
  for (const auto& [key, list] : v.as_object()) {
    std::string field = "match." + std::string(key);
    if (key != "department_ids" && key != "priorities" && key != "ticket_types") {
      errors.add(field, "is not known (department_ids, priorities, ticket_types)");
      continue;
    }
    if (!list.is_array()) {
      errors.add(field, "must be a list");
      continue;
    }
    json::array kept;
    const json::array& items = list.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string item = field + "[" + std::to_string(i) + "]";
      const json::value& x = items[i];
      if (key == "department_ids") {
        if (!x.is_int64() || x.as_int64() <= 0)
          errors.add(item, "must be a department id");
        else
          kept.push_back(x);
      } else if (key == "priorities") {
        if (!x.is_string() || !core::parse_priority(x.as_string()))
          errors.add(item, "must be a priority (low, medium, high, urgent, critical)");
        else
          kept.push_back(x);
      } else {
        if (!x.is_string() || !core::parse_ticket_type(x.as_string()))
          errors.add(item, "must be a ticket type (question, problem, incident, task)");
        else
          kept.push_back(x);
      }
    }
    out[key] = std::move(kept);
  }
  return json::serialize(out);
}

}  // namespace

void apply_schedule_fields(const json::object& body, store::sla::BusinessScheduleRecord& record,
                           core::FieldErrorCollector& errors) {
  read_name(body, record.name, errors);
  if (auto v = body.if_contains("timezone")) {
    if (!v->is_string())
      errors.add("timezone", "must be an IANA time zone name such as Europe/Berlin");
    else
      record.timezone = std::string(v->as_string());
  }
  if (record.timezone.empty()) errors.add("timezone", "is required");
  if (auto v = body.if_contains("schedule")) {
    if (!v->is_object()) {
      errors.add("schedule", "must be an object keyed by weekday");
    } else {
      json::object out;
      for (const auto& [day, intervals] : v->as_object()) {
        std::string field = "schedule." + std::string(day);
        if (std::find(std::begin(kWeekdays), std::end(kWeekdays), day) == std::end(kWeekdays)) {
          errors.add(field, "is not a weekday (monday ... sunday)");
          continue;
        }
        if (!intervals.is_array()) {
          errors.add(field, "must be a list of {\"start\", \"end\"}");
          continue;
        }
        json::array kept;
        const json::array& items = intervals.as_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
          std::string item = field + "[" + std::to_string(i) + "]";
          const json::object* o = items[i].if_object();
          const json::value* start = o ? o->if_contains("start") : nullptr;
          const json::value* end = o ? o->if_contains("end") : nullptr;
          if (!start || !start->is_string()) errors.add(item + ".start", "must be \"HH:MM\"");
          if (!end || !end->is_string()) errors.add(item + ".end", "must be \"HH:MM\"");
          if (start && start->is_string() && end && end->is_string())
            kept.push_back(json::object{{"start", *start}, {"end", *end}});
        }
        out[day] = std::move(kept);
      }
      record.schedule_json = json::serialize(out);
    }
  }
  if (auto v = body.if_contains("holidays")) {
    if (!v->is_array()) {
      errors.add("holidays", "must be a list of {\"name\", \"date\", \"recurring\"}");
    } else {
      json::array kept;
      const json::array& items = v->as_array();
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::string item = "holidays[" + std::to_string(i) + "]";
        const json::object* o = items[i].if_object();
        if (!o) {
          errors.add(item, "must be an object");
          continue;
        }
        const json::value* name = o->if_contains("name");
        const json::value* date = o->if_contains("date");
        const json::value* recurring = o->if_contains("recurring");
        bool ok = true;
        if (name && !name->is_string()) ok = false, errors.add(item + ".name", "must be a string");
        if (!date || !date->is_string())
          ok = false, errors.add(item + ".date", "must be a date \"YYYY-MM-DD\"");
        if (recurring && !recurring->is_bool())
          ok = false, errors.add(item + ".recurring", "must be true or false");
        if (ok) {
          kept.push_back(json::object{{"name", name ? *name : json::value("")},
                                      {"date", *date},
                                      {"recurring", recurring ? *recurring : json::value(false)}});
        }
      }
      record.holidays_json = json::serialize(kept);
    }
  }
  if (errors.empty()) {
    core::FieldErrors calendar_errors;
    core::BusinessCalendar::parse(calendar_spec(record), &calendar_errors);
    errors.add_all(calendar_errors);
  }
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

void apply_policy_fields(const json::object& body, store::sla::PolicyRecord& record,
                         core::FieldErrorCollector& errors) {
  read_name(body, record.name, errors);
  if (auto v = body.if_contains("description")) {
    if (!v->is_string())
      errors.add("description", "must be a string");
    else
      record.description = std::string(v->as_string());
  }
  if (auto v = body.if_contains("first_response_minutes"))
    record.first_response_json = read_targets(*v, "first_response_minutes", errors);
  if (auto v = body.if_contains("resolution_minutes"))
    record.resolution_json = read_targets(*v, "resolution_minutes", errors);
  if (auto v = body.if_contains("business_hours_id")) {
    if (v->is_null())
      record.business_hours_id.reset();
    else if (v->is_int64() && v->as_int64() > 0)
      record.business_hours_id = v->as_int64();
    else
      errors.add("business_hours_id", "must be a business-hours id or null");
  }
  if (auto b = read_bool(body, "is_default", errors)) record.is_default = *b;
  if (auto b = read_bool(body, "active", errors)) record.active = *b;
  if (auto v = body.if_contains("position")) {
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 1'000'000)
      errors.add("position", "must be a whole number from 0 to 1000000");
    else
      record.position = v->as_int64();
  }
  if (auto v = body.if_contains("match")) record.match_json = read_match(*v, errors);
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
