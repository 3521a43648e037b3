// The one way a ticket changes, shared by the API's services and the jobs
// that act on tickets (SLA timers, snooze, auto-close). Inside the change's
// transaction it writes the row, keeps the SLA clock and the ticket's timers
// in step, and leaves the timeline, audit and event rows behind.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ticket_status.h"
#include "services/base/context.h"
#include "services/base/journal.h"
#include "services/base/ticket_json.h"
#include "services/sla/sla_engine.h"

namespace escalated::services {

inline constexpr const char* kAutoCloseJob = "auto_close";
inline constexpr const char* kSnoozeWakeJob = "snooze_wake";
inline constexpr const char* kRuleCheckJob = "rule_check";

std::string snooze_key(std::int64_t ticket_id);
std::string rule_check_key(std::int64_t ticket_id);

// What one change did, gathered while it runs and written once the ticket
// row is up to date (events carry the ticket as it is after the change).
struct TicketChange {
  std::string action;  // audit action
  boost::json::object old_values, new_values;
  PendingEvents events;  // type, extra payload
  // The status before the change, once a move happened.
  std::optional<core::TicketStatus> previous_status;

  bool empty() const { return new_values.empty() && events.empty(); }
};

class TicketWriter {
 public:
  TicketWriter(ServiceContext& ctx, SlaEngine& sla) : ctx_(ctx), sla_(sla) {}

  // Whether any rule is active, so a change needs its rules evaluated. Set by
  // the rule engine; without rules no rule job is ever scheduled.
  void set_rules_active(std::function<bool(store::Connection&)> probe) {
    rules_active_ = std::move(probe);
  }

  // The ticket with its tags and SLA clock; NotFound when it does not exist.
  TicketView load_view(store::Connection& c, std::int64_t id);

  // Moves the ticket to `target` if the table allows it, stamping
  // resolved_at / closed_at, and records the status events. 409 names the
  // allowed targets.
  void move_status(store::TicketRecord& t, core::TicketStatus target,
                   const core::TransitionTable& table, Journal& journal, TicketChange& change);

  // The single edits an agent or a rule makes. Each changes the record in
  // memory and notes the timeline, audit and event parts in `change`; a call
  // that changes nothing notes nothing. commit() writes them.
  void set_priority(store::TicketRecord& t, core::Priority priority, Journal& journal,
                    TicketChange& change);
  // `agent` must be an active agent or administrator (the caller checks).
  void set_assignee(store::TicketRecord& t, const std::optional<store::UserRecord>& agent,
                    Journal& journal, TicketChange& change);
  // `department` must be active (the caller checks); nullopt clears it.
  void set_department(store::TicketRecord& t,
                      const std::optional<store::DepartmentRecord>& department, Journal& journal,
                      TicketChange& change);
  void set_ticket_type(store::TicketRecord& t, core::TicketType type, Journal& journal,
                       TicketChange& change);
  // Adds and removes tags; ones the ticket already had (or lacked) are no
  // change. One timeline entry lists what changed.
  void change_tags(store::Connection& c, store::TicketRecord& t,
                   const std::vector<store::TagRecord>& add,
                   const std::vector<store::TagRecord>& remove, Journal& journal,
                   TicketChange& change);
  // The tag of that name, created (and audited) when it does not exist yet.
  store::TagRecord tag_named(store::Connection& c, Journal& journal, const std::string& name);
  // An internal note by `author` (nullopt: the system, e.g. a rule).
  store::ReplyRecord add_note(store::Connection& c, store::TicketRecord& t,
                              std::optional<std::int64_t> author_id, const std::string& body,
                              Journal& journal, TicketChange& change);

  // Writes the ticket and everything the change leaves behind; returns the
  // view. Does nothing (but read) when the change is empty. Unless
  // `recheck_rules` is false (changes the rule engine itself makes), the
  // ticket's rules are evaluated again right after.
  TicketView commit(store::Connection& c, Journal& journal, store::TicketRecord& t,
                    TicketChange& change, bool recheck_rules = true);

  // A ticket just inserted: starts its SLA clock; returns its clock.
  std::optional<SlaView> started(store::Connection& c, Journal& journal,
                                 const store::TicketRecord& t, PendingEvents& events);

  // Writes events that happened to the ticket without changing its row (an
  // SLA warning), each carrying the ticket as it is now.
  void publish(store::Connection& c, Journal& journal, std::int64_t ticket_id,
               const PendingEvents& events);

  SlaEngine& sla() { return sla_; }

 private:
  void schedule_rule_check(store::Connection& c, std::int64_t ticket_id, core::Millis now);

  ServiceContext& ctx_;
  SlaEngine& sla_;
  std::function<bool(store::Connection&)> rules_active_;
};

}  // namespace escalated::services
