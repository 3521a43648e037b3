// Business calendars, SLA policies, and each ticket's SLA clock with its
// paused periods. Calendars and policies keep their structured parts as the
// JSON the API speaks; services parse and check them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::sla {

struct BusinessScheduleRecord {
  std::int64_t id = 0;
  std::string name;
  std::string timezone;
  std::string schedule_json = "{}";
  std::string holidays_json = "[]";
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct PolicyRecord {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::string first_response_json = "{}";  // {"low": 1440, ...}
  std::string resolution_json = "{}";
  std::optional<std::int64_t> business_hours_id;
  bool is_default = false;
  bool active = true;
  std::int64_t position = 0;
  std::string match_json = "{}";  // {"department_ids": [...], ...}
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct TicketSlaRecord {
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> policy_id;
  std::optional<Millis> first_response_due_at;
  std::optional<Millis> resolution_due_at;
  bool first_response_warned = false;
  bool first_response_breached = false;
  bool resolution_warned = false;
  bool resolution_breached = false;
};

struct PauseRecord {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::string kind;  // "status" or "resolved"
  Millis started_at = 0;
  std::optional<Millis> ended_at;
};

std::int64_t insert_schedule(Connection& c, const BusinessScheduleRecord& s);
std::optional<BusinessScheduleRecord> find_schedule(Connection& c, std::int64_t id);
std::vector<BusinessScheduleRecord> list_schedules(Connection& c);
void update_schedule(Connection& c, const BusinessScheduleRecord& s);
void delete_schedule(Connection& c, std::int64_t id);
// Policies that use the schedule (a schedule in use cannot be deleted).
std::int64_t count_policies_using(Connection& c, std::int64_t schedule_id);

std::int64_t insert_policy(Connection& c, const PolicyRecord& p);
std::optional<PolicyRecord> find_policy(Connection& c, std::int64_t id);
// By position, then id: the order in which policies are matched.
std::vector<PolicyRecord> list_policies(Connection& c);
void update_policy(Connection& c, const PolicyRecord& p);
void delete_policy(Connection& c, std::int64_t id);
// Makes `id` the only default policy.
void clear_other_defaults(Connection& c, std::int64_t id);

std::optional<TicketSlaRecord> find_ticket_sla(Connection& c, std::int64_t ticket_id);
// Ticket clocks by ticket id, for a page of tickets.
std::vector<TicketSlaRecord> ticket_slas(Connection& c, const std::vector<std::int64_t>& ids);
void put_ticket_sla(Connection& c, const TicketSlaRecord& r);
void delete_ticket_sla(Connection& c, std::int64_t ticket_id);
// Open tickets whose clock runs under the policy, after `after_ticket_id`,
// in id order: the tickets to recompute when a policy changes.
std::vector<std::int64_t> tickets_on_policy(Connection& c, std::int64_t policy_id,
                                            std::int64_t after_ticket_id, int limit);

std::vector<PauseRecord> pauses(Connection& c, std::int64_t ticket_id);
void open_pause(Connection& c, std::int64_t ticket_id, const std::string& kind, Millis at);
// Ends the open pause of that kind, if there is one.
void close_pause(Connection& c, std::int64_t ticket_id, const std::string& kind, Millis at);

}  // namespace escalated::store::sla
