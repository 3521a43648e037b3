#include "store/sla_repo.h"

namespace escalated::store::sla {
namespace {

constexpr const char* kScheduleColumns =
    "SELECT id, name, timezone, schedule, holidays, created_at, updated_at "
    "FROM business_schedules";
constexpr const char* kPolicyColumns =
    "SELECT id, name, description, first_response_minutes, resolution_minutes, "
    "business_hours_id, is_default, active, position, match_rules, created_at, updated_at "
    "FROM sla_policies";
constexpr const char* kTicketSlaColumns =
    "SELECT ticket_id, policy_id, first_response_due_at, resolution_due_at, "
    "first_response_warned, first_response_breached, resolution_warned, resolution_breached "
    "FROM ticket_sla";

BusinessScheduleRecord read_schedule(const Row& r) {
  return BusinessScheduleRecord{r.i64(0),  r.text(1), r.text(2), r.text(3),
                                r.text(4), r.i64(5),  r.i64(6)};
}

PolicyRecord read_policy(const Row& r) {
  PolicyRecord p;
  p.id = r.i64(0);
  p.name = r.text(1);
  p.description = r.text(2);
  p.first_response_json = r.text(3);
  p.resolution_json = r.text(4);
  p.business_hours_id = r.opt_i64(5);
  p.is_default = r.boolean(6);
  p.active = r.boolean(7);
  p.position = r.i64(8);
  p.match_json = r.text(9);
  p.created_at = r.i64(10);
  p.updated_at = r.i64(11);
  return p;
}

TicketSlaRecord read_ticket_sla(const Row& r) {
  TicketSlaRecord t;
  t.ticket_id = r.i64(0);
  t.policy_id = r.opt_i64(1);
  t.first_response_due_at = r.opt_i64(2);
  t.resolution_due_at = r.opt_i64(3);
  t.first_response_warned = r.boolean(4);
  t.first_response_breached = r.boolean(5);
  t.resolution_warned = r.boolean(6);
  t.resolution_breached = r.boolean(7);
  return t;
}

}  // namespace

std::int64_t insert_schedule(Connection& c, const BusinessScheduleRecord& s) {
  return c
      .query(
          "INSERT INTO business_schedules (name, timezone, schedule, holidays, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {s.name, s.timezone, s.schedule_json, s.holidays_json, s.created_at, s.updated_at})
      .first()
      .i64(0);
}

std::optional<BusinessScheduleRecord> find_schedule(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kScheduleColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_schedule(rs.first());
}

std::vector<BusinessScheduleRecord> list_schedules(Connection& c) {
  std::vector<BusinessScheduleRecord> out;
  for (const Row& r : c.query(std::string(kScheduleColumns) + " ORDER BY name, id").rows)
    out.push_back(read_schedule(r));
  return out;
}

void update_schedule(Connection& c, const BusinessScheduleRecord& s) {
  c.execute(
      "UPDATE business_schedules SET name = ?, timezone = ?, schedule = ?, holidays = ?, "
      "updated_at = ? WHERE id = ?",
      {s.name, s.timezone, s.schedule_json, s.holidays_json, s.updated_at, s.id});
}

void delete_schedule(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM business_schedules WHERE id = ?", {id});
}

std::int64_t count_policies_using(Connection& c, std::int64_t schedule_id) {
  return c.scalar("SELECT COUNT(*) FROM sla_policies WHERE business_hours_id = ?", {schedule_id})
      ->as_int();
}

std::int64_t insert_policy(Connection& c, const PolicyRecord& p) {
  return c
      .query(
          "INSERT INTO sla_policies (name, description, first_response_minutes, "
          "resolution_minutes, business_hours_id, is_default, active, position, match_rules, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {p.name, p.description, p.first_response_json, p.resolution_json, p.business_hours_id,
           p.is_default, p.active, p.position, p.match_json, p.created_at, p.updated_at})
      .first()
      .i64(0);
}

std::optional<PolicyRecord> find_policy(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kPolicyColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_policy(rs.first());
}

std::vector<PolicyRecord> list_policies(Connection& c) {
  std::vector<PolicyRecord> out;
  for (const Row& r : c.query(std::string(kPolicyColumns) + " ORDER BY position, id").rows)
    out.push_back(read_policy(r));
  return out;
}

void update_policy(Connection& c, const PolicyRecord& p) {
  c.execute(
      "UPDATE sla_policies SET name = ?, description = ?, first_response_minutes = ?, "
      "resolution_minutes = ?, business_hours_id = ?, is_default = ?, active = ?, position = ?, "
      "match_rules = ?, updated_at = ? WHERE id = ?",
      {p.name, p.description, p.first_response_json, p.resolution_json, p.business_hours_id,
       p.is_default, p.active, p.position, p.match_json, p.updated_at, p.id});
}

void delete_policy(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM sla_policies WHERE id = ?", {id});
}

void clear_other_defaults(Connection& c, std::int64_t id) {
  c.execute("UPDATE sla_policies SET is_default = 0 WHERE is_default = 1 AND id <> ?", {id});
}

std::optional<TicketSlaRecord> find_ticket_sla(Connection& c, std::int64_t ticket_id) {
  ResultSet rs = c.query(std::string(kTicketSlaColumns) + " WHERE ticket_id = ?", {ticket_id});
  if (rs.empty()) return std::nullopt;
  return read_ticket_sla(rs.first());
}

std::vector<TicketSlaRecord> ticket_slas(Connection& c, const std::vector<std::int64_t>& ids) {
  std::vector<TicketSlaRecord> out;
  if (ids.empty()) return out;
  std::string sql = std::string(kTicketSlaColumns) + " WHERE ticket_id IN (";
  Params params;
  for (size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(ids[i]);
  }
  for (const Row& r : c.query(sql + ")", params).rows) out.push_back(read_ticket_sla(r));
  return out;
}

void put_ticket_sla(Connection& c, const TicketSlaRecord& r) {
  c.execute(
      "INSERT INTO ticket_sla (ticket_id, policy_id, first_response_due_at, resolution_due_at, "
      "first_response_warned, first_response_breached, resolution_warned, resolution_breached) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET "
      "policy_id = excluded.policy_id, first_response_due_at = excluded.first_response_due_at, "
      "resolution_due_at = excluded.resolution_due_at, "
      "first_response_warned = excluded.first_response_warned, "
      "first_response_breached = excluded.first_response_breached, "
      "resolution_warned = excluded.resolution_warned, "
      "resolution_breached = excluded.resolution_breached",
      {r.ticket_id, r.policy_id, r.first_response_due_at, r.resolution_due_at,
       r.first_response_warned, r.first_response_breached, r.resolution_warned,
       r.resolution_breached});
}

void delete_ticket_sla(Connection& c, std::int64_t ticket_id) {
  c.execute("DELETE FROM ticket_sla WHERE ticket_id = ?", {ticket_id});
}

std::vector<std::int64_t> tickets_on_policy(Connection& c, std::int64_t policy_id,
                                            std::int64_t after_ticket_id, int limit) {
  std::vector<std::int64_t> out;
  for (const Row& r :
       c.query("SELECT s.ticket_id FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id "
               "WHERE s.policy_id = ? AND s.ticket_id > ? AND t.status <> 'closed' "
               "ORDER BY s.ticket_id LIMIT ?",
               {policy_id, after_ticket_id, limit})
           .rows)
    out.push_back(r.i64(0));
  return out;
}

std::vector<PauseRecord> pauses(Connection& c, std::int64_t ticket_id) {
  std::vector<PauseRecord> out;
  for (const Row& r : c.query("SELECT id, ticket_id, kind, started_at, ended_at FROM sla_pauses "
                              "WHERE ticket_id = ? ORDER BY id",
                              {ticket_id})
                          .rows)
    out.push_back(PauseRecord{r.i64(0), r.i64(1), r.text(2), r.i64(3), r.opt_i64(4)});
  return out;
}

void open_pause(Connection& c, std::int64_t ticket_id, const std::string& kind, Millis at) {
  c.execute("INSERT INTO sla_pauses (ticket_id, kind, started_at) VALUES (?, ?, ?)",
            {ticket_id, kind, at});
}

void close_pause(Connection& c, std::int64_t ticket_id, const std::string& kind, Millis at) {
  c.execute(
      "UPDATE sla_pauses SET ended_at = ? WHERE ticket_id = ? AND kind = ? AND ended_at IS NULL",
      {at, ticket_id, kind});
}

}  // namespace escalated::store::sla
