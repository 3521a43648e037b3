// Saved views (migration 0021): a named query of the search language with
// its sort and columns, personal or shared, and each user's order of the
// views they see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace escalated::store::saved_views {

struct SavedViewRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string query;
  std::string sort;
  std::string columns_json = "[]";
  bool shared = false;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::string owner_name;  // read only
};

std::int64_t insert(Connection& c, const SavedViewRecord& v);
std::optional<SavedViewRecord> find(Connection& c, std::int64_t id);
// The user's own views and the shared ones, in the user's order (views the
// user never placed come after, oldest first).
std::vector<SavedViewRecord> visible_to(Connection& c, std::int64_t user_id);
void update(Connection& c, const SavedViewRecord& v);
void remove(Connection& c, std::int64_t id);
// Replaces the user's order with `view_ids`, first to last.
void set_order(Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& view_ids);

}  // namespace escalated::store::saved_views
