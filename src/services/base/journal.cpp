#include "services/base/journal.h"

#include <boost/json/serialize.hpp>

#include "store/journal_repo.h"

namespace escalated::services {

namespace json = boost::json;

std::optional<std::int64_t> Journal::actor_id() const {
  if (actor_ && actor_->user_id > 0) return actor_->user_id;
  return std::nullopt;
}

void Journal::activity(std::int64_t ticket_id, const std::string& type, const json::object& data) {
  store::ActivityRecord a;
  a.ticket_id = ticket_id;
  a.actor_id = actor_id();
  a.type = type;
  a.data_json = json::serialize(data);
  a.created_at = now_;
  store::journal::insert_activity(c_, a);
}

void Journal::audit(const std::string& entity_type, std::optional<std::int64_t> entity_id,
                    const std::string& action, const json::value& old_values,
                    const json::value& new_values) {
  store::AuditRecord a;
  a.actor_id = actor_id();
  a.entity_type = entity_type;
  a.entity_id = entity_id;
  a.action = action;
  if (!old_values.is_null()) a.old_values_json = json::serialize(old_values);
  if (!new_values.is_null()) a.new_values_json = json::serialize(new_values);
  a.created_at = now_;
  store::journal::insert_audit(c_, a);
}

void Journal::event(const std::string& type, std::optional<std::int64_t> ticket_id,
                    const json::object& payload) {
  store::OutboxRecord e;
  e.event_type = type;
  e.ticket_id = ticket_id;
  // Who caused it (absent for the system's own changes): notifications are
  // never sent to the person who caused them.
  if (actor_id() && !payload.contains("actor")) {
    json::object with_actor = payload;
    with_actor["actor"] = json::object{
        {"id", actor_->user_id}, {"name", actor_->name}, {"role", core::to_string(actor_->role)}};
    e.payload_json = json::serialize(with_actor);
  } else {
    e.payload_json = json::serialize(payload);
  }
  e.created_at = now_;
  store::journal::insert_event(c_, e);
  ++events_;
}

}  // namespace escalated::services
