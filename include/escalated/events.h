// Domain events, as the host receives them. Every mutation writes its events
// to an outbox in the same transaction as the change; relays hand them to
// sinks after the commit, so a rolled-back change never emits one and a crash
// after the commit never loses one (delivery is at least once: sinks see the
// same `id` again after a crash between delivery and acknowledgement).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace escalated {

// The wire names of the events (also the webhook event names).
namespace event_types {
inline constexpr const char* kTicketCreated = "ticket.created";
// A change no more specific event names (such as a rule setting the ticket
// type); its payload's "changes" lists the fields.
inline constexpr const char* kTicketUpdated = "ticket.updated";
inline constexpr const char* kTicketStatusChanged = "ticket.status_changed";
inline constexpr const char* kTicketAssigned = "ticket.assigned";
inline constexpr const char* kTicketUnassigned = "ticket.unassigned";
inline constexpr const char* kTicketPriorityChanged = "ticket.priority_changed";
inline constexpr const char* kTicketDepartmentChanged = "ticket.department_changed";
inline constexpr const char* kTicketTagAdded = "ticket.tag_added";
inline constexpr const char* kTicketTagRemoved = "ticket.tag_removed";
inline constexpr const char* kTicketEscalated = "ticket.escalated";
inline constexpr const char* kTicketResolved = "ticket.resolved";
inline constexpr const char* kTicketClosed = "ticket.closed";
inline constexpr const char* kTicketReopened = "ticket.reopened";
inline constexpr const char* kReplyCreated = "reply.created";
inline constexpr const char* kNoteCreated = "note.created";
// An SLA target ("target": "first_response" or "resolution") is close to
// its due time ("due_at"), or has passed it; each fires once per target.
inline constexpr const char* kSlaWarning = "sla.warning";
inline constexpr const char* kSlaBreached = "sla.breached";
// The requester rated the ticket (CSAT), or changed their rating
// ("replaced": true); "satisfaction_rating" holds the rating in force.
inline constexpr const char* kTicketRated = "ticket.rated";
}  // namespace event_types

struct Event {
  std::int64_t id = 0;           // outbox id: unique, increasing
  std::string type;              // one of event_types
  std::int64_t ticket_id = 0;    // 0 when the event concerns no ticket
  std::string payload_json;      // {"ticket": {...}, ...} as an agent sees it;
                                 // "actor": {"id", "name", "role"} when a person caused it
  std::int64_t occurred_at = 0;  // milliseconds since the epoch, UTC
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Called on a relay thread, in outbox order. An exception leaves the event
  // pending; it is offered again on the next pass.
  virtual void on_event(const Event& event) = 0;
  // Called with each batch of pending events (in outbox order) before any of
  // them goes to on_event: a sink that writes per event can write a whole
  // batch in one transaction here instead. An exception leaves the whole
  // batch pending.
  virtual void on_batch(const std::vector<Event>& events) { (void)events; }
};

}  // namespace escalated
