#include "services/sla/sla_service.h"

#include "core/text.h"
#include "services/base/journal.h"

namespace escalated::services {

namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::int64_t kMaxTargetMinutes = 10'000'000;
constexpr std::int64_t kMaxPosition = 1'000'000;

// Names are unique per kind; a clash is the name field's fault.
void name_taken(const char* table_kind) {
  throw core::ValidationError("name", std::string("is already used by another ") + table_kind);
}

void check_name(const std::optional<std::string>& name, bool creating,
                core::FieldErrorCollector& errors) {
  if (!name && !creating) return;
  std::string trimmed = core::trim(name.value_or(""), " \t");
  if (trimmed.empty()) errors.add("name", "is required");
  if (trimmed.size() > kMaxName) errors.add("name", "must be at most 100 characters");
}

void check_targets(const std::optional<std::map<core::Priority, std::int64_t>>& minutes,
                   const char* key, core::FieldErrorCollector& errors) {
  if (!minutes) return;
  for (const auto& [priority, m] : *minutes)
    if (m < 0 || m > kMaxTargetMinutes)
      errors.add(std::string(key) + "." + std::string(core::to_string(priority)),
                 "must be between 0 and 10000000 minutes");
}

// The fields present, over the record, after the checks of each member;
// then the calendar as a whole (its time zone, intervals and holidays).
void apply(const BusinessScheduleFields& f, bool creating, store::sla::BusinessScheduleRecord& s) {
  core::FieldErrorCollector errors;
  errors.add_all(check_schedule_fields(f, creating));
  if (creating && !f.schedule) errors.add("schedule", "is required");
  errors.raise_if_any();
  if (f.name) s.name = core::trim(*f.name, " \t");
  if (f.timezone) s.timezone = *f.timezone;
  if (f.schedule) s.schedule_json = stored_schedule(*f.schedule);
  if (f.holidays) s.holidays_json = stored_holidays(*f.holidays);
  core::BusinessCalendar::parse_or_throw(calendar_spec(s));
}

void apply(const SlaPolicyFields& f, bool creating, store::sla::PolicyRecord& p) {
  core::FieldErrorCollector errors;
  errors.add_all(check_policy_fields(f, creating));
  errors.raise_if_any();
  if (f.name) p.name = core::trim(*f.name, " \t");
  if (f.description) p.description = *f.description;
  if (f.first_response_minutes) p.first_response_json = stored_targets(*f.first_response_minutes);
  if (f.resolution_minutes) p.resolution_json = stored_targets(*f.resolution_minutes);
  if (f.business_hours_id) p.business_hours_id = *f.business_hours_id;
  if (f.is_default) p.is_default = *f.is_default;
  if (f.active) p.active = *f.active;
  if (f.position) p.position = *f.position;
  if (f.match) p.match_json = stored_match(*f.match);
}

}  // namespace

core::FieldErrors check_schedule_fields(const BusinessScheduleFields& f, bool creating) {
  core::FieldErrorCollector errors;
  check_name(f.name, creating, errors);
  if ((f.timezone || creating) && f.timezone.value_or("").empty())
    errors.add("timezone", "is required");
  return errors.errors();
}

core::FieldErrors check_policy_fields(const SlaPolicyFields& f, bool creating) {
  core::FieldErrorCollector errors;
  check_name(f.name, creating, errors);
  check_targets(f.first_response_minutes, "first_response_minutes", errors);
  check_targets(f.resolution_minutes, "resolution_minutes", errors);
  if (f.position && (*f.position < 0 || *f.position > kMaxPosition))
    errors.add("position", "must be a whole number from 0 to 1000000");
  return errors.errors();
}

void SlaService::changed(store::Connection& c, core::Millis now) {
  engine_.invalidate();
  // Starting over from the first ticket covers whatever an earlier walk
  // still had to do.
  SlaEngine::schedule_recompute(c, now);
}

std::vector<store::sla::BusinessScheduleRecord> SlaService::list_schedules(
    const core::Actor& actor) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([](store::Connection& c) { return store::sla::list_schedules(c); });
}

store::sla::BusinessScheduleRecord SlaService::get_schedule(const core::Actor& actor,
                                                            std::int64_t id) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([id](store::Connection& c) {
    return core::found_or_404(store::sla::find_schedule(c, id), "business hours");
  });
}

store::sla::BusinessScheduleRecord SlaService::create_schedule(
    const core::Actor& actor, const BusinessScheduleFields& fields) {
  require(actor, core::Permission::kSlaManage);
  store::sla::BusinessScheduleRecord s;
  apply(fields, true, s);
  s.created_at = s.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    for (const auto& other : store::sla::list_schedules(c))
      if (other.name == s.name) name_taken("schedule");
    s.id = store::sla::insert_schedule(c, s);
    Journal(c, &actor, s.created_at)
        .audit("business_hours", s.id, "created", nullptr, schedule_json(s));
  });
  return s;
}

store::sla::BusinessScheduleRecord SlaService::update_schedule(
    const core::Actor& actor, std::int64_t id, const BusinessScheduleFields& fields) {
  require(actor, core::Permission::kSlaManage);
  auto out = ctx_.db.write([&](store::Connection& c) {
    auto s = core::found_or_404(store::sla::find_schedule(c, id), "business hours");
    auto before = schedule_json(s);
    apply(fields, false, s);
    for (const auto& other : store::sla::list_schedules(c))
      if (other.name == s.name && other.id != id) name_taken("schedule");
    s.updated_at = ctx_.clock.now();
    store::sla::update_schedule(c, s);
    Journal(c, &actor, s.updated_at)
        .audit("business_hours", id, "updated", before, schedule_json(s));
    changed(c, s.updated_at);
    return s;
  });
  engine_.invalidate();  // again, now that the change is visible
  return out;
}

void SlaService::delete_schedule(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kSlaManage);
  ctx_.db.write([&](store::Connection& c) {
    auto s = core::found_or_404(store::sla::find_schedule(c, id), "business hours");
    if (store::sla::count_policies_using(c, id) > 0)
      throw core::Conflict("SLA policies use these business hours; change them first.");
    store::sla::delete_schedule(c, id);
    Journal(c, &actor, ctx_.clock.now())
        .audit("business_hours", id, "deleted", schedule_json(s), nullptr);
  });
}

std::vector<store::sla::PolicyRecord> SlaService::list_policies(const core::Actor& actor) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([](store::Connection& c) { return store::sla::list_policies(c); });
}

store::sla::PolicyRecord SlaService::get_policy(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kTicketView);
  return ctx_.db.read([id](store::Connection& c) {
    return core::found_or_404(store::sla::find_policy(c, id), "SLA policy");
  });
}

namespace {

// Checks what the policy points at and that its name is its own, then makes
// it the only default when it is one.
void check_policy(store::Connection& c, const store::sla::PolicyRecord& p) {
  if (p.business_hours_id && !store::sla::find_schedule(c, *p.business_hours_id))
    throw core::ValidationError("business_hours_id", "does not name business hours");
  for (const auto& other : store::sla::list_policies(c))
    if (other.name == p.name && other.id != p.id) name_taken("SLA policy");
}

}  // namespace

store::sla::PolicyRecord SlaService::create_policy(const core::Actor& actor,
                                                   const SlaPolicyFields& fields) {
  require(actor, core::Permission::kSlaManage);
  store::sla::PolicyRecord p;
  apply(fields, true, p);
  p.created_at = p.updated_at = ctx_.clock.now();
  ctx_.db.write([&](store::Connection& c) {
    check_policy(c, p);
    p.id = store::sla::insert_policy(c, p);
    if (p.is_default) store::sla::clear_other_defaults(c, p.id);
    Journal(c, &actor, p.created_at).audit("sla_policy", p.id, "created", nullptr, policy_json(p));
    changed(c, p.created_at);
  });
  engine_.invalidate();  // again, now that the change is visible
  return p;
}

store::sla::PolicyRecord SlaService::update_policy(const core::Actor& actor, std::int64_t id,
                                                   const SlaPolicyFields& fields) {
  require(actor, core::Permission::kSlaManage);
  auto out = ctx_.db.write([&](store::Connection& c) {
    auto p = core::found_or_404(store::sla::find_policy(c, id), "SLA policy");
    auto before = policy_json(p);
    apply(fields, false, p);
    check_policy(c, p);
    p.updated_at = ctx_.clock.now();
    store::sla::update_policy(c, p);
    if (p.is_default) store::sla::clear_other_defaults(c, p.id);
    Journal(c, &actor, p.updated_at).audit("sla_policy", id, "updated", before, policy_json(p));
    changed(c, p.updated_at);
    return p;
  });
  engine_.invalidate();  // again, now that the change is visible
  return out;
}

void SlaService::delete_policy(const core::Actor& actor, std::int64_t id) {
  require(actor, core::Permission::kSlaManage);
  ctx_.db.write([&](store::Connection& c) {
    auto p = core::found_or_404(store::sla::find_policy(c, id), "SLA policy");
    store::sla::delete_policy(c, id);
    core::Millis now = ctx_.clock.now();
    Journal(c, &actor, now).audit("sla_policy", id, "deleted", policy_json(p), nullptr);
    changed(c, now);
  });
  engine_.invalidate();  // again, now that the change is visible
}

}  // namespace escalated::services
