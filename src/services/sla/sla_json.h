// The JSON shapes of business calendars and SLA policies, both ways: what
// the admin API accepts (checked, with the field at fault) and shows, and
// what the SLA engine reads back from storage. One reader serves both, so a
// stored policy always means what the admin saw when saving it.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <vector>

#include "core/business_calendar.h"
#include "core/enums.h"
#include "core/errors.h"
#include "core/sla.h"
#include "store/sla_repo.h"

namespace escalated::services {

// Applies the fields present in `body` ({"name", "timezone", "schedule",
// "holidays"}) over `record` and checks the result, adding problems to
// `errors` under their JSON paths ("schedule.monday[0].start").
void apply_schedule_fields(const boost::json::object& body,
                           store::sla::BusinessScheduleRecord& record,
                           core::FieldErrorCollector& errors);
// The calendar spec a stored schedule describes.
core::BusinessCalendarSpec calendar_spec(const store::sla::BusinessScheduleRecord& record);
boost::json::object schedule_json(const store::sla::BusinessScheduleRecord& record);

// What a policy's "match" object restricts; an empty list restricts nothing.
struct PolicyMatch {
  std::vector<std::int64_t> department_ids;
  std::vector<core::Priority> priorities;
  std::vector<core::TicketType> ticket_types;
};

// Applies the fields present in `body` ({"name", "description",
// "first_response_minutes", "resolution_minutes", "business_hours_id",
// "is_default", "active", "position", "match"}) over `record` and checks
// them (whether business_hours_id exists is the caller's to check).
void apply_policy_fields(const boost::json::object& body, store::sla::PolicyRecord& record,
                         core::FieldErrorCollector& errors);
core::SlaTargets policy_targets(const store::sla::PolicyRecord& record);
PolicyMatch policy_match(const store::sla::PolicyRecord& record);
boost::json::object policy_json(const store::sla::PolicyRecord& record);

}  // namespace escalated::services
