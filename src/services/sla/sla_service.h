// The admin side of SLAs: business calendars and SLA policies. Every change
// is audited and makes the SLA engine recompute the clocks of open tickets
// (in the background, in batches), so due times always follow the policy in
// force.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/business_calendar.h"
#include "core/enums.h"
#include "core/errors.h"
#include "services/base/context.h"
#include "services/sla/sla_engine.h"
#include "services/sla/sla_json.h"
#include "store/sla_repo.h"

namespace escalated::services {

// What an admin gives for business hours. An absent member leaves the
// stored one as it is; creating needs name, timezone and schedule.
struct BusinessScheduleFields {
  std::optional<std::string> name;      // trimmed; 1 to 100 characters, unique
  std::optional<std::string> timezone;  // an IANA name such as "Europe/Berlin"
  // Opening intervals by weekday ("monday" ... "sunday"); an absent weekday
  // is closed.
  std::optional<std::map<std::string, std::vector<core::OpeningHoursSpec>>> schedule;
  std::optional<std::vector<core::HolidaySpec>> holidays;
};

// What an admin gives for an SLA policy; an absent member leaves the stored
// one as it is (creating needs only the name).
struct SlaPolicyFields {
  std::optional<std::string> name;  // trimmed; 1 to 100 characters, unique
  std::optional<std::string> description;
  // Minutes per priority, 0 to 10000000; a priority left out has no target.
  std::optional<std::map<core::Priority, std::int64_t>> first_response_minutes;
  std::optional<std::map<core::Priority, std::int64_t>> resolution_minutes;
  // Existing business hours, or none (optional() inside): around the clock.
  std::optional<std::optional<std::int64_t>> business_hours_id;
  std::optional<bool> is_default;
  std::optional<bool> active;
  std::optional<std::int64_t> position;  // 0 to 1000000
  std::optional<PolicyMatch> match;
};

// What breaks the rules each member keeps on its own (a name, the ranges),
// under the member's JSON path. The service checks them before anything
// else; the API adds them to what it found reading a body, so one answer
// names every mistake. The calendar as a whole, uniqueness and what an id
// points at are checked when saving.
core::FieldErrors check_schedule_fields(const BusinessScheduleFields& fields, bool creating);
core::FieldErrors check_policy_fields(const SlaPolicyFields& fields, bool creating);

class SlaService {
 public:
  SlaService(ServiceContext& ctx, SlaEngine& engine) : ctx_(ctx), engine_(engine) {}

  // Reading is open to staff (agents see what their tickets run under);
  // changes need an admin. Updates change only the fields present.
  std::vector<store::sla::BusinessScheduleRecord> list_schedules(const core::Actor& actor);
  store::sla::BusinessScheduleRecord get_schedule(const core::Actor& actor, std::int64_t id);
  store::sla::BusinessScheduleRecord create_schedule(const core::Actor& actor,
                                                     const BusinessScheduleFields& fields);
  store::sla::BusinessScheduleRecord update_schedule(const core::Actor& actor, std::int64_t id,
                                                     const BusinessScheduleFields& fields);
  // 409 while a policy uses it.
  void delete_schedule(const core::Actor& actor, std::int64_t id);

  std::vector<store::sla::PolicyRecord> list_policies(const core::Actor& actor);
  store::sla::PolicyRecord get_policy(const core::Actor& actor, std::int64_t id);
  store::sla::PolicyRecord create_policy(const core::Actor& actor, const SlaPolicyFields& fields);
  store::sla::PolicyRecord update_policy(const core::Actor& actor, std::int64_t id,
                                         const SlaPolicyFields& fields);
  // Tickets on it move to the policy that matches them now.
  void delete_policy(const core::Actor& actor, std::int64_t id);

 private:
  void changed(store::Connection& c, core::Millis now);

  ServiceContext& ctx_;
  SlaEngine& engine_;
};

}  // namespace escalated::services
