// Settings admins change at run time, stored as JSON values by key. Today:
// `status_transitions` ({"open": ["in_progress", ...], ...}), the workflow
// the ticket service enforces.
#pragma once

#include <boost/json/object.hpp>

#include "core/actor.h"
#include "core/ticket_status.h"
#include "services/base/context.h"
#include "store/database.h"

namespace escalated::services {

inline constexpr const char* kStatusTransitionsKey = "status_transitions";

// The table stored in settings, or the default when none is stored.
core::TransitionTable load_transitions(store::Connection& c);
boost::json::object transitions_json(const core::TransitionTable& table);

class SettingsService {
 public:
  explicit SettingsService(ServiceContext& ctx) : ctx_(ctx) {}

  // Every setting with its value in force (defaults included). Admins only.
  boost::json::object get(const core::Actor& actor);
  // Replaces the settings named in `changes`; unknown keys and bad values are
  // 422 and change nothing.
  boost::json::object update(const core::Actor& actor, const boost::json::object& changes);

 private:
  ServiceContext& ctx_;
};

}  // namespace escalated::services
