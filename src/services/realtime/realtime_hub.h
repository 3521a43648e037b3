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
// their own tickets (never notes or SLA events).
//
// Presence: the viewers of a ticket are the staff subscribed to it on any
// node of the cluster. The hub knows its own sessions first-hand and pushes
// at once when one of its staff comes or goes; the other nodes' viewers come
// from the database (services/realtime/presence_board.h) through RealtimeFeed's
// presence pass, which takes the tickets whose local viewers changed
// (take_presence_work) and hands back what the other nodes have
// (merge_remote_viewers), after which the hub pushes to a ticket's staff
// subscribers whenever its cluster-wide set changed. The hub itself never
// touches the database for presence; TicketAccess (subscriptions, events for
// scoped staff) runs outside its lock. Peers are used under the lock only,
// so none is touched once its session's on_close has returned.
//
// Revocation: each connection keeps a way to ask again who its credential
// speaks for (Recheck: the session cookie, the API token or the host's
// user, as the upgrade request presented it). recheck() asks it for the
// connections of the users whose access changed (the feed learns which
// from the database, services/realtime/access_watch.h) and closes every
// connection whose credential no longer holds (signed out, revoked,
// expired, the user deactivated) or whose permissions changed (re-roled);
// the others go on with the actor as it is now. Events, subscriptions and
// presence always use the actor as last checked, and the feed checks
// before it pushes, so an event committed after a change never reaches a
// connection the change ended.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "escalated/events.h"
#include "escalated/websocket.h"
#include "services/realtime/presence_board.h"

namespace escalated::services {

class RealtimeHub {
 public:
  // Whether the actor may see the ticket (as GET of the ticket decides).
  using TicketAccess = std::function<bool(const core::Actor&, std::int64_t ticket_id)>;
  // Most topics one connection may hold at once.
  static constexpr std::size_t kMaxTopics = 64;

  explicit RealtimeHub(TicketAccess may_see) : may_see_(std::move(may_see)) {}

  // Who the connection's credential speaks for now; nullopt once it no
  // longer holds. May throw (the database is away): the connection stays
  // as it is until the next check.
  using Recheck = std::function<std::optional<core::Actor>()>;

  // A session for one new connection of `actor`, for the transport to open.
  // Without `recheck` the connection is never checked again.
  std::shared_ptr<WebSocketSession> open_session(const core::Actor& actor,
                                                 Recheck recheck = nullptr);
  // Asks again for the connections of these users (all of them when
  // `users` holds 0) and for every connection opened since the last call,
  // on the caller's thread; closes those whose credential ended or whose
  // access changed. Returns how many it closed.
  std::size_t recheck(const std::set<std::int64_t>& users);
  // Pushes one committed event to the sessions it concerns (on the feed's
  // thread; may ask TicketAccess).
  void publish(const Event& event);
  // Connections open now.
  std::size_t session_count() const;

  using Viewers = PresenceBoard::Viewers;
  struct PresenceWork {
    // Tickets whose viewers on this node changed since the last take, with
    // those viewers now (empty: none left).
    std::map<std::int64_t, Viewers> changed;
    // Tickets that have staff subscribers on this node.
    std::vector<std::int64_t> watched;
  };
  // Called whenever local viewers changed, to wake the presence pass (under
  // the hub's lock: it must be cheap and must not call the hub). nullptr
  // stops the calls.
  void on_local_viewers_changed(std::function<void()> wake);
  PresenceWork take_presence_work();
  // Marks tickets as changed again (their write failed; the next pass retries).
  void mark_changed(const std::map<std::int64_t, Viewers>& tickets);
  // The viewers of the `read` tickets on other nodes, as just read (tickets
  // missing from `remote` have none). Pushes presence to each watched
  // ticket's staff subscribers whose cluster-wide viewers changed.
  void merge_remote_viewers(const std::vector<std::int64_t>& read,
                            const std::map<std::int64_t, Viewers>& remote);

 private:
  class Session;
  struct Subscriber {
    core::Actor actor;  // as last checked
    std::shared_ptr<WebSocketPeer> peer;
    std::set<std::string> topics;
    Recheck recheck;
    // Not yet checked since it opened: a change made between the upgrade
    // and now may already have been read before this connection existed.
    bool unchecked = true;
  };

  void attach(const Session* s, const core::Actor& actor, Recheck recheck,
              std::shared_ptr<WebSocketPeer> peer);
  void receive(const Session* s, std::string_view text);
  void detach(const Session* s);
  // Forgets the session and tells its ticket's staff it left (lock held).
  void forget(std::map<const Session*, Subscriber>::iterator it);
  void subscribe(const Session* s, const core::Actor& actor, const std::string& topic, bool on);
  // Sends the viewers of `ticket_id` to its staff subscribers and marks the
  // ticket changed (lock held; the caller wakes the presence pass).
  void broadcast_presence(std::int64_t ticket_id);
  // Pushes `viewers` to the ticket's staff subscribers (lock held).
  void push_presence(std::int64_t ticket_id, const Viewers& viewers);
  // This node's staff viewers of every ticket that has some (lock held).
  std::map<std::int64_t, Viewers> local_viewers() const;
  // This node's viewers of the ticket with the other nodes' (lock held).
  Viewers all_viewers(std::int64_t ticket_id, const Viewers& local) const;
  bool wants(const Subscriber& sub, const Event& event) const;

  TicketAccess may_see_;
  mutable std::mutex mutex_;
  std::map<const Session*, Subscriber> sessions_;
  std::set<std::int64_t> changed_;          // tickets whose local viewers changed
  std::map<std::int64_t, Viewers> remote_;  // other nodes' viewers, as last read
  std::map<std::int64_t, Viewers> shown_;   // the viewers last pushed, per ticket
  std::function<void()> wake_;
};

}  // namespace escalated::services
