// Settings admins change at run time, stored as JSON values by key. Today:
// `status_transitions` ({"open": ["in_progress", ...], ...}), the workflow
// the ticket service enforces.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/actor.h"
#include "core/ticket_status.h"
#include "services/base/context.h"
#include "store/database.h"

namespace escalated::services {

inline constexpr const char* kStatusTransitionsKey = "status_transitions";

// The table stored in settings, or the default when none is stored.
core::TransitionTable load_transitions(store::Connection& c);
boost::json::object transitions_json(const core::TransitionTable& table);

// A workflow as named: each status with the statuses it may move to.
using TransitionNames = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The settings a change names (absent: unchanged).
struct SettingsChanges {
  // Replaces the whole table; a status left out has no way out. Unknown
  // statuses and moves to the same status are refused.
  std::optional<TransitionNames> status_transitions;
};

class SettingsService {
 public:
  explicit SettingsService(ServiceContext& ctx) : ctx_(ctx) {}

  // Every setting with its value in force (defaults included). Admins only.
  boost::json::object get(const core::Actor& actor);
  // Replaces the settings set in `changes` and answers as get() does; bad
  // values are 422 and change nothing.
  boost::json::object update(const core::Actor& actor, const SettingsChanges& changes);

 private:
  ServiceContext& ctx_;
};

}  // namespace escalated::services
