// Live updates over WebSocket, apart from any transport: the sessions of
// connected users, what each subscribed to, and who receives which event.
//
// Protocol (JSON text messages):
//   client: {"type":"subscribe","topic":"queue"|"ticket:42"}, {"type":"unsubscribe","topic":…},
//           {"type":"ping"}
//   server: {"type":"subscribed"|"unsubscribed","topic":…}, {"type":"pong"},
//           {"type":"error","topic":…,"status":400|403|404|422,"detail":…},
//           events named as the webhooks' ({"type":"ticket.created","event_id":…,
//           "ticket_id":…,"occurred_at":…,"ticket":{…}, …the payload}), once per
//           connection whatever it subscribed to, and presence:
//           {"type":"presence","ticket_id":42,"viewers":[{"user_id":…,"name":…}]}.
// "queue" (the events of every ticket the caller may see) is for staff;
// "ticket:N" for whoever may see ticket N. Staff without ticket.view_all
// are asked about each event's ticket as it comes (it may have moved out of
// their reach). Customers get only ticket.* and reply.created events of
// their own tickets (never notes or SLA events). Viewers are the staff
// subscribed to a ticket on this node, sent to its staff subscribers
// whenever one comes or goes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "escalated/events.h"
#include "escalated/websocket.h"
#include "services/actor.h"

namespace escalated::services {

class RealtimeHub {
 public:
  // Whether the actor may see the ticket (as GET of the ticket decides).
  using TicketAccess = std::function<bool(const Actor&, std::int64_t ticket_id)>;
  // Most topics one connection may hold at once.
  static constexpr std::size_t kMaxTopics = 64;

  explicit RealtimeHub(TicketAccess may_see) : may_see_(std::move(may_see)) {}

  // A session for one new connection of `actor`, for the transport to open.
  std::shared_ptr<WebSocketSession> open_session(const Actor& actor);
  // Pushes one committed event to the sessions it concerns (on the feed's
  // thread; may ask TicketAccess).
  void publish(const Event& event);
  // Connections open now.
  std::size_t session_count() const;

 private:
  class Session;
  struct Subscriber {
    Actor actor;
    std::shared_ptr<WebSocketPeer> peer;
    std::set<std::string> topics;
  };

  void attach(const Session* s, const Actor& actor, std::shared_ptr<WebSocketPeer> peer);
  void receive(const Session* s, const Actor& actor, std::string_view text);
  void detach(const Session* s);
  void subscribe(const Session* s, const Actor& actor, const std::string& topic, bool on);
  // Sends the viewers of `ticket_id` to its staff subscribers (lock held).
  void broadcast_presence(std::int64_t ticket_id);
  bool wants(const Subscriber& sub, const Event& event) const;

  TicketAccess may_see_;
  mutable std::mutex mutex_;
  std::map<const Session*, Subscriber> sessions_;
};

}  // namespace escalated::services
