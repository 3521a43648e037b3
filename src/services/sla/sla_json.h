// The JSON shapes of business calendars and SLA policies, both ways: what
// the service stores (written from the checked admin input), what the admin
// API shows, and what the SLA engine reads back from storage. Writer and
// reader live side by side, so a stored policy always means what the admin
// saw when saving it.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/business_calendar.h"
#include "core/enums.h"
#include "core/sla.h"
#include "store/sla_repo.h"

namespace escalated::services {

// The stored forms of a schedule ({"monday": [{"start", "end"}], ...},
// weekdays in order) and of its holidays ([{"name", "date", "recurring"}]).
std::string stored_schedule(
    const std::map<std::string, std::vector<core::OpeningHoursSpec>>& schedule);
std::string stored_holidays(const std::vector<core::HolidaySpec>& holidays);
// The calendar spec a stored schedule describes.
core::BusinessCalendarSpec calendar_spec(const store::sla::BusinessScheduleRecord& record);
boost::json::object schedule_json(const store::sla::BusinessScheduleRecord& record);

// What a policy's "match" object restricts; an empty list restricts nothing.
struct PolicyMatch {
  std::vector<std::int64_t> department_ids;
  std::vector<core::Priority> priorities;
  std::vector<core::TicketType> ticket_types;
};

// The stored forms of minutes per priority ({"low": 1440, ...}) and of a
// match ({"department_ids": [..], "priorities": [..], "ticket_types": [..]}).
std::string stored_targets(const std::map<core::Priority, std::int64_t>& minutes);
std::string stored_match(const PolicyMatch& match);
core::SlaTargets policy_targets(const store::sla::PolicyRecord& record);
PolicyMatch policy_match(const store::sla::PolicyRecord& record);
boost::json::object policy_json(const store::sla::PolicyRecord& record);

}  // namespace escalated::services
