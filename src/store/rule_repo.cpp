#include "store/rule_repo.h"

namespace escalated::store::rules {
namespace {

constexpr const char* kColumns =
    "SELECT id, kind, name, description, active, position, conditions, actions, created_at, "
    "updated_at FROM rules";

RuleRecord read_rule(const Row& r) {
  return RuleRecord{r.i64(0), r.text(1), r.text(2), r.text(3), r.boolean(4),
                    r.i64(5), r.text(6), r.text(7), r.i64(8),  r.i64(9)};
}

}  // namespace

std::int64_t insert(Connection& c, const RuleRecord& r) {
  return c
      .query(
          "INSERT INTO rules (kind, name, description, active, position, conditions, actions, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {r.kind, r.name, r.description, r.active, r.position, r.conditions_json, r.actions_json,
           r.created_at, r.updated_at})
      .first()
      .i64(0);
}

std::optional<RuleRecord> find(Connection& c, std::int64_t id) {
  ResultSet rs = c.query(std::string(kColumns) + " WHERE id = ?", {id});
  if (rs.empty()) return std::nullopt;
  return read_rule(rs.first());
}

std::vector<RuleRecord> list(Connection& c, const std::string& kind) {
  std::vector<RuleRecord> out;
  ResultSet rs =
      kind.empty()
          ? c.query(std::string(kColumns) + " ORDER BY kind, position, id")
          : c.query(std::string(kColumns) + " WHERE kind = ? ORDER BY position, id", {kind});
  for (const Row& r : rs.rows) out.push_back(read_rule(r));
  return out;
}

void update(Connection& c, const RuleRecord& r) {
  c.execute(
      "UPDATE rules SET name = ?, description = ?, active = ?, position = ?, conditions = ?, "
      "actions = ?, updated_at = ? WHERE id = ?",
      {r.name, r.description, r.active, r.position, r.conditions_json, r.actions_json, r.updated_at,
       r.id});
}

void remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM rules WHERE id = ?", {id});
}

bool any_active(Connection& c) {
  return !c.query("SELECT 1 FROM rules WHERE active = 1 LIMIT 1").empty();
}

std::set<std::int64_t> matching(Connection& c, std::int64_t ticket_id) {
  std::set<std::int64_t> out;
  for (const Row& r :
       c.query("SELECT rule_id FROM rule_matches WHERE ticket_id = ?", {ticket_id}).rows)
    out.insert(r.i64(0));
  return out;
}

void set_matching(Connection& c, std::int64_t rule_id, std::int64_t ticket_id, bool matches,
                  Millis now) {
  if (matches) {
    c.execute(
        "INSERT INTO rule_matches (rule_id, ticket_id, matched_at) VALUES (?, ?, ?) "
        "ON CONFLICT (rule_id, ticket_id) DO NOTHING",
        {rule_id, ticket_id, now});
  } else {
    c.execute("DELETE FROM rule_matches WHERE rule_id = ? AND ticket_id = ?", {rule_id, ticket_id});
  }
}

}  // namespace escalated::store::rules
