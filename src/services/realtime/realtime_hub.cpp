#include "services/realtime/realtime_hub.h"

#include <boost/json.hpp>
#include <charconv>
#include <vector>

#include "core/time_format.h"
#include "services/base/stored_json.h"

namespace escalated::services {

namespace json = boost::json;

// The transport's view of one connection; everything it says goes to the hub.
class RealtimeHub::Session : public WebSocketSession {
 public:
  Session(RealtimeHub& hub, core::Actor actor, Recheck recheck)
      : hub_(hub), actor_(std::move(actor)), recheck_(std::move(recheck)) {}
  void on_open(std::shared_ptr<WebSocketPeer> peer) override {
    hub_.attach(this, actor_, std::move(recheck_), std::move(peer));
  }
  void on_message(std::string_view text) override { hub_.receive(this, text); }
  void on_close() override { hub_.detach(this); }

 private:
  RealtimeHub& hub_;
  const core::Actor actor_;  // as the upgrade request found it
  Recheck recheck_;
};

namespace {

constexpr std::string_view kTicketTopic = "ticket:";

// The ticket id of a "ticket:N" topic, 0 for any other.
std::int64_t ticket_of(std::string_view topic) {
  if (topic.substr(0, kTicketTopic.size()) != kTicketTopic) return 0;
  std::string_view digits = topic.substr(kTicketTopic.size());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return 0;
  return id;
}

std::string error_message(const std::string& topic, int status, std::string_view detail) {
  json::object o{{"type", "error"}, {"status", status}, {"detail", detail}};
  if (!topic.empty()) o["topic"] = topic;
  return json::serialize(o);
}

std::string ack(std::string_view type, const std::string& topic) {
  return json::serialize(json::object{{"type", type}, {"topic", topic}});
}

// The event as pushed: its name and ids, then the payload's fields.
std::string event_message(const Event& event) {
  json::object o{{"type", event.type}, {"event_id", event.id}};
  if (event.ticket_id) o["ticket_id"] = event.ticket_id;
  o["occurred_at"] = core::format_rfc3339(event.occurred_at);
  for (auto& [key, value] : stored_object(event.payload_json)) o.emplace(key, value);
  return json::serialize(o);
}

// What a customer may be told about their own ticket.
bool customer_event(std::string_view type) {
  return type.substr(0, 7) == "ticket." || type == event_types::kReplyCreated;
}

// Whether a connection may go on as `now` after being opened as `was`:
// the same permissions, kind and token abilities (a name may change).
bool same_access(const core::Actor& was, const core::Actor& now) {
  return was.user_id == now.user_id && was.role == now.role && was.permissions == now.permissions &&
         was.token_abilities == now.token_abilities;
}

}  // namespace

std::shared_ptr<WebSocketSession> RealtimeHub::open_session(const core::Actor& actor,
                                                            Recheck recheck) {
  return std::make_shared<Session>(*this, actor, std::move(recheck));
}

std::size_t RealtimeHub::recheck(const std::set<std::int64_t>& users) {
  bool everyone = users.contains(0);
  struct Due {
    const Session* session;
    Recheck recheck;
    std::optional<core::Actor> now;
    bool known = false;
  };
  std::vector<Due> due;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [session, sub] : sessions_) {
      if (sub.recheck && (everyone || sub.unchecked || users.contains(sub.actor.user_id)))
        due.push_back({session, sub.recheck, std::nullopt, false});
    }
  }
  // The database is asked outside the lock.
  for (auto& d : due) {
    try {
      d.now = d.recheck();
      d.known = true;
    } catch (const std::exception&) {
      // Unknown for now: the next check asks again.
    }
  }
  std::size_t closed = 0;
  std::lock_guard lock(mutex_);
  for (auto& d : due) {
    auto it = sessions_.find(d.session);
    if (it == sessions_.end() || !d.known) continue;
    it->second.unchecked = false;
    if (d.now && same_access(it->second.actor, *d.now)) {
      it->second.actor = std::move(*d.now);
      continue;
    }
    // Nothing more goes out on it from now on; the close frame follows what
    // is queued.
    it->second.peer->close();
    forget(it);
    ++closed;
  }
  return closed;
}

std::size_t RealtimeHub::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void RealtimeHub::attach(const Session* s, const core::Actor& actor, Recheck recheck,
                         std::shared_ptr<WebSocketPeer> peer) {
  std::lock_guard lock(mutex_);
  sessions_[s] = Subscriber{actor, std::move(peer), {}, std::move(recheck)};
}

void RealtimeHub::detach(const Session* s) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(s);
  if (it != sessions_.end()) forget(it);
}

void RealtimeHub::forget(std::map<const Session*, Subscriber>::iterator it) {
  Subscriber gone = std::move(it->second);
  sessions_.erase(it);
  if (!gone.actor.is_staff()) return;
  for (const auto& topic : gone.topics) {
    if (auto ticket = ticket_of(topic)) broadcast_presence(ticket);
  }
}

void RealtimeHub::receive(const Session* s, std::string_view text) {
  // The actor as last checked; a connection the hub closed says no more.
  std::optional<core::Actor> current;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(s);
    if (it == sessions_.end()) return;
    current = it->second.actor;
  }
  const core::Actor& actor = *current;
  auto reply = [&](std::string message) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(s);
    if (it != sessions_.end()) it->second.peer->send(std::move(message));
  };
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  const json::string* type = nullptr;
  if (!ec && v.is_object()) {
    if (auto* t = v.as_object().if_contains("type")) type = t->if_string();
  }
  if (!type) return reply(error_message("", 400, "Send a JSON object with a \"type\"."));
  if (*type == "ping") return reply(R"({"type":"pong"})");
  bool on = *type == "subscribe";
  if (!on && *type != "unsubscribe")
    return reply(error_message("", 422, "type must be subscribe, unsubscribe or ping."));
  const json::string* topic_value = nullptr;
  if (auto* t = v.as_object().if_contains("topic")) topic_value = t->if_string();
  std::string topic = topic_value ? std::string(*topic_value) : "";
  std::int64_t ticket = ticket_of(topic);
  if (topic != "queue" && ticket == 0)
    return reply(error_message(topic, 422, "topic must be \"queue\" or \"ticket:<id>\"."));
  if (on && topic == "queue" && !actor.is_staff())
    return reply(error_message(topic, 403, "Only agents and administrators follow the queue."));
  // The database is asked outside the lock; a ticket the caller may not see
  // looks the same as one that does not exist.
  if (on && ticket != 0) {
    bool visible = false;
    try {
      visible = may_see_(actor, ticket);
    } catch (const std::exception&) {
      return reply(error_message(topic, 500, "The subscription could not be checked."));
    }
    if (!visible) return reply(error_message(topic, 404, "No such ticket."));
  }
  subscribe(s, actor, topic, on);
}

void RealtimeHub::subscribe(const Session* s, const core::Actor& actor, const std::string& topic,
                            bool on) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(s);
  if (it == sessions_.end()) return;
  Subscriber& sub = it->second;
  if (on && !sub.topics.contains(topic) && sub.topics.size() >= kMaxTopics) {
    sub.peer->send(error_message(topic, 422, "Too many subscriptions on one connection."));
    return;
  }
  bool changed = on ? sub.topics.insert(topic).second : sub.topics.erase(topic) > 0;
  sub.peer->send(ack(on ? "subscribed" : "unsubscribed", topic));
  if (changed && actor.is_staff()) {
    if (auto ticket = ticket_of(topic)) broadcast_presence(ticket);
  }
}

std::map<std::int64_t, RealtimeHub::Viewers> RealtimeHub::local_viewers() const {
  std::map<std::int64_t, Viewers> out;
  for (const auto& [session, sub] : sessions_) {
    if (!sub.actor.is_staff()) continue;
    for (const auto& topic : sub.topics) {
      if (auto ticket = ticket_of(topic)) out[ticket].emplace(sub.actor.user_id, sub.actor.name);
    }
  }
  return out;
}

RealtimeHub::Viewers RealtimeHub::all_viewers(std::int64_t ticket_id, const Viewers& local) const {
  Viewers all = local;  // someone here and elsewhere is listed once, as here
  if (auto it = remote_.find(ticket_id); it != remote_.end())
    all.insert(it->second.begin(), it->second.end());
  return all;
}

void RealtimeHub::broadcast_presence(std::int64_t ticket_id) {
  auto local = local_viewers();
  auto here = local.find(ticket_id);
  Viewers all = all_viewers(ticket_id, here == local.end() ? Viewers{} : here->second);
  push_presence(ticket_id, all);
  shown_[ticket_id] = std::move(all);
  changed_.insert(ticket_id);
  // Only a notify under the lock: the pass does the database work on its
  // own thread.
  if (wake_) wake_();
}

void RealtimeHub::on_local_viewers_changed(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

RealtimeHub::PresenceWork RealtimeHub::take_presence_work() {
  std::lock_guard lock(mutex_);
  PresenceWork work;
  auto local = local_viewers();
  for (std::int64_t ticket : changed_) {
    auto here = local.find(ticket);
    work.changed.emplace(ticket, here == local.end() ? Viewers{} : here->second);
  }
  changed_.clear();
  for (const auto& [ticket, viewers] : local) work.watched.push_back(ticket);
  return work;
}

void RealtimeHub::mark_changed(const std::map<std::int64_t, Viewers>& tickets) {
  std::lock_guard lock(mutex_);
  for (const auto& [ticket, viewers] : tickets) changed_.insert(ticket);
}

void RealtimeHub::merge_remote_viewers(const std::vector<std::int64_t>& read,
                                       const std::map<std::int64_t, Viewers>& remote) {
  std::lock_guard lock(mutex_);
  for (std::int64_t ticket : read) {
    auto it = remote.find(ticket);
    if (it == remote.end())
      remote_.erase(ticket);
    else
      remote_[ticket] = it->second;
  }
  // Tickets nobody here watches any more are forgotten; the others are
  // pushed when what their staff would see changed.
  auto local = local_viewers();
  std::erase_if(remote_, [&](const auto& entry) { return !local.contains(entry.first); });
  std::erase_if(shown_, [&](const auto& entry) { return !local.contains(entry.first); });
  for (const auto& [ticket, here] : local) {
    Viewers all = all_viewers(ticket, here);
    auto shown = shown_.find(ticket);
    if (shown != shown_.end() && shown->second == all) continue;
    push_presence(ticket, all);
    shown_[ticket] = std::move(all);
  }
}

void RealtimeHub::push_presence(std::int64_t ticket_id, const Viewers& viewers) {
  std::string topic = std::string(kTicketTopic) + std::to_string(ticket_id);
  json::array list;
  for (const auto& [id, name] : viewers)
    list.push_back(json::object{{"user_id", id}, {"name", name}});
  std::string message = json::serialize(
      json::object{{"type", "presence"}, {"ticket_id", ticket_id}, {"viewers", std::move(list)}});
  for (const auto& [session, sub] : sessions_) {
    if (sub.actor.is_staff() && sub.topics.contains(topic)) sub.peer->send(message);
  }
}

bool RealtimeHub::wants(const Subscriber& sub, const Event& event) const {
  bool ticket_topic = event.ticket_id != 0 && sub.topics.contains(std::string(kTicketTopic) +
                                                                  std::to_string(event.ticket_id));
  if (sub.actor.is_staff()) return ticket_topic || sub.topics.contains("queue");
  return ticket_topic && customer_event(event.type);
}

void RealtimeHub::publish(const Event& event) {
  // Everyone limited to some tickets (staff without ticket.view_all,
  // customers) is asked about each ticket as it changes: it may have left
  // their departments or been reassigned since they subscribed. That needs
  // the database, so not under the lock.
  std::vector<std::pair<const Session*, core::Actor>> recipients;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [session, sub] : sessions_) {
      if (wants(sub, event)) recipients.emplace_back(session, sub.actor);
    }
  }
  if (recipients.empty()) return;
  std::map<std::int64_t, bool> visible;  // by user id, asked once per event
  for (const auto& [session, actor] : recipients) {
    bool scoped = !actor.can(core::Permission::kTicketViewAll);
    if (!scoped || event.ticket_id == 0 || visible.contains(actor.user_id)) continue;
    bool sees = false;
    try {
      sees = may_see_(actor, event.ticket_id);
    } catch (const std::exception&) {
    }
    visible.emplace(actor.user_id, sees);
  }
  std::string message = event_message(event);
  // Peers are used under the lock only, like everywhere in the hub: once
  // on_close has returned, the hub never touches that connection again (a
  // reference held past it could outlive the transport's server).
  std::lock_guard lock(mutex_);
  for (const auto& [session, actor] : recipients) {
    auto it = sessions_.find(session);
    if (it == sessions_.end() || it->second.actor.user_id != actor.user_id) continue;
    auto known = visible.find(actor.user_id);
    if (known != visible.end() && !known->second) continue;
    if (wants(it->second, event)) it->second.peer->send(message);
  }
}

}  // namespace escalated::services
