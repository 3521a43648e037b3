// Writes what a mutation leaves behind, inside the mutation's transaction:
// a timeline entry on the ticket, an audit row with old and new values, and
// outbox rows for its domain events. Every service that changes something
// records through one Journal, so none of the three can be forgotten.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/actor.h"
#include "core/clock.h"
#include "store/database.h"

namespace escalated::services {

class Journal {
 public:
  // `actor` may be null for changes the system makes on its own (jobs).
  Journal(store::Connection& c, const core::Actor* actor, core::Millis now)
      : c_(c), actor_(actor), now_(now) {}

  void activity(std::int64_t ticket_id, const std::string& type, const boost::json::object& data);
  void audit(const std::string& entity_type, std::optional<std::int64_t> entity_id,
             const std::string& action, const boost::json::value& old_values,
             const boost::json::value& new_values);
  void event(const std::string& type, std::optional<std::int64_t> ticket_id,
             const boost::json::object& payload);

  bool wrote_events() const { return events_ > 0; }
  core::Millis now() const { return now_; }

 private:
  std::optional<std::int64_t> actor_id() const;

  store::Connection& c_;
  const core::Actor* actor_;
  core::Millis now_;
  int events_ = 0;
};

}  // namespace escalated::services
