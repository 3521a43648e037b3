// Canned responses and macros: what an agent keeps to answer and act
// faster. Each is personal (only its owner sees it) or shared with every
// staff member.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store {

namespace canned {

struct CannedResponseRecord {
  std::int64_t id = 0;
  std::int64_t owner_id = 0;
  std::string title;
  std::string body;
  bool shared = false;
  Millis created_at = 0;
  Millis updated_at = 0;
};

std::int64_t insert(Connection& c, const CannedResponseRecord& r);
std::optional<CannedResponseRecord> find(Connection& c, std::int64_t id);
// The shared ones and `owner_id`'s own, by title then id.
std::vector<CannedResponseRecord> visible_to(Connection& c, std::int64_t owner_id);
void update(Connection& c, const CannedResponseRecord& r);
void remove(Connection& c, std::int64_t id);

}  // namespace canned

namespace macros {

struct MacroRecord {
  std::int64_t id = 0;
  std::int64_t owner_id = 0;
  std::string name;
  std::string description;
  bool shared = false;
  std::string actions_json = "[]";
  Millis created_at = 0;
  Millis updated_at = 0;
};

std::int64_t insert(Connection& c, const MacroRecord& r);
std::optional<MacroRecord> find(Connection& c, std::int64_t id);
// The shared ones and `owner_id`'s own, by name then id.
std::vector<MacroRecord> visible_to(Connection& c, std::int64_t owner_id);
void update(Connection& c, const MacroRecord& r);
void remove(Connection& c, std::int64_t id);

}  // namespace macros

}  // namespace escalated::store
