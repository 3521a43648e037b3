// Escalation rules and automations, and which rule matches which ticket now.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::rules {

struct RuleRecord {
  std::int64_t id = 0;
  std::string kind;  // "escalation" or "automation"
  std::string name;
  std::string description;
  bool active = true;
  std::int64_t position = 0;
  std::string conditions_json = "{}";
  std::string actions_json = "[]";
  Millis created_at = 0;
  Millis updated_at = 0;
};

std::int64_t insert(Connection& c, const RuleRecord& r);
std::optional<RuleRecord> find(Connection& c, std::int64_t id);
// One kind's rules by position, then id; every rule when kind is empty.
std::vector<RuleRecord> list(Connection& c, const std::string& kind);
void update(Connection& c, const RuleRecord& r);
void remove(Connection& c, std::int64_t id);
bool any_active(Connection& c);

// The rules that currently match the ticket (their episode is running).
std::set<std::int64_t> matching(Connection& c, std::int64_t ticket_id);
void set_matching(Connection& c, std::int64_t rule_id, std::int64_t ticket_id, bool matches,
                  Millis now);

}  // namespace escalated::store::rules
