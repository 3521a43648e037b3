// Turns relayed domain events into queued notification mails: decides who
// hears of the event, renders the template in force and composes the whole
// message once, as a row in mail_messages (status queued, or skipped when no
// SMTP server is configured). MailDispatcher sends the rows.
//
//   ticket.created   -> the requester: ticket_received (the thread's root)
//   reply.created    -> by staff: the requester, agent_replied;
//                       by the requester: the assignee and the ticket's
//                       followers (store/follower_repo.h), customer_replied
//   ticket.resolved  -> the requester: ticket_resolved
//   ticket.assigned  -> the new assignee: ticket_assigned
// Nobody is mailed about what they did themselves (the event's "actor"),
// except the acknowledgement of their own new ticket. Internal notes
// (note.created) mail nobody. Inactive users and unusable addresses are
// passed over.
#pragma once

#include <functional>

#include "escalated/events.h"
#include "services/base/context.h"

namespace escalated::services {

class MailFanOut : public EventSink {
 public:
  // `queued` is called after a commit that queued mail (wakes the dispatcher).
  MailFanOut(ServiceContext& ctx, std::function<void()> queued)
      : ctx_(ctx), queued_(std::move(queued)) {}
  // Queues the batch's mail in one transaction (a write per event would cost
  // the relay a commit each). Safe to call twice for one event: one message
  // per (event, recipient).
  void on_batch(const std::vector<Event>& events) override;
  // Nothing: the event's mail was queued with its batch.
  void on_event(const Event&) override {}

 private:
  ServiceContext& ctx_;
  std::function<void()> queued_;
};

}  // namespace escalated::services

namespace escalated::services {
// A page of the web UI as a link in mail: `path` ("/tickets/ESC-00042")
// under Mail.PublicUrl (or http:// + Listen) and the route prefix.
std::string public_page_url(const Options& options, std::string_view path);
// A guest's magic link as a page of the web UI: {public}/guest/ticket?token={token}.
std::string guest_ticket_url(const Options& options, std::string_view token);
// The link to a ticket in notifications: the portal's page for customers, the
// agent workspace's for staff.
std::string notification_ticket_url(const Options& options, const std::string& reference,
                                    bool staff);
}  // namespace escalated::services
