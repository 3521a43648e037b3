// The one condition language of the product: what escalation rules,
// automations (and later macros and views) test a ticket against, and the
// actions they take. Parsed and checked here so every kind of rule spells
// conditions the same way, reports mistakes the same way and evaluates them
// with the same semantics.
//
// Wire shape (names are a contract with the API and stored rules):
//   "conditions": {"all": [{"field", "operator", "value"}, ...], "any": [...]}
//   "actions":    [{"type", "value"}, ...]
// A set matches when every `all` entry holds and, if `any` is non-empty, at
// least one `any` entry holds; both keys are optional and an empty set
// matches every ticket.
//
// Fields and the operators each accepts (anything else is refused at save):
//   status, ticket_type          is, is_not (a name); in, not_in (names)
//   priority                     as status, plus lt, lte, gt, gte by rank
//                                (low < medium < high < urgent < critical)
//   department_id, assignee_id   is, is_not (a positive id, or null for none);
//                                in, not_in (ids, null allowed as an entry)
//   tags                         contains, not_contains (a tag name: has / has
//                                not that tag); in, not_in (tag names: has any
//                                / has none). Names compare exactly, as the
//                                store keeps "VIP" and "vip" apart.
//   subject, description         contains, not_contains: substring, ignoring
//                                ASCII case (other bytes compare exactly)
//   sla_breached                 is, is_not (true or false)
//   minutes_to_breach            lt, lte, gt, gte (business minutes, >= 0)
//   hours_since_created, hours_since_updated, hours_since_assigned,
//   hours_since_customer_reply, hours_since_agent_reply
//                                lt, lte, gt, gte (hours, fractional allowed)
// Equality on the time fields is refused: a quantity that changes every
// millisecond equals a value for one millisecond only. in/not_in take a
// non-empty array.
//
// Time fields:
//   - hours_since_X is the elapsed (wall-clock, not business) time from the
//     instant X to now. Thresholds are resolved to whole milliseconds, rounded
//     to nearest, so `hours_since_created gt 4` holds from created_at + 4 h +
//     1 ms on and `gte 4` from created_at + 4 h on.
//   - minutes_to_breach is the business time from now until the ticket's
//     nearest unmet, running SLA due instant (remaining_business_millis on the
//     ticket's calendar), in minutes, compared with millisecond precision. It
//     is 0 from the due instant on: it never goes negative, so "lte 0" means
//     "due now or overdue"; use sla_breached to tell the two apart.
//   - When the underlying instant is absent (never assigned, no customer or
//     agent reply yet, no running SLA target), every comparison on the field
//     is false, whatever the operator: `hours_since_assigned lt 2` does not
//     hold for an unassigned ticket.
//
// Thread-safety: parsed objects are immutable and may be shared between
// threads.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/business_calendar.h"
#include "core/clock.h"
#include "core/enums.h"
#include "core/errors.h"
#include "core/ticket_status.h"

namespace escalated::core {

enum class ConditionField {
  kStatus,
  kPriority,
  kTicketType,
  kDepartmentId,
  kAssigneeId,
  kTags,
  kSlaBreached,
  kMinutesToBreach,
  kHoursSinceCreated,
  kHoursSinceUpdated,
  kHoursSinceAssigned,
  kHoursSinceCustomerReply,
  kHoursSinceAgentReply,
  kSubject,
  kDescription,
};
std::string_view to_string(ConditionField f);
std::optional<ConditionField> parse_condition_field(std::string_view name);
std::vector<std::string> all_condition_field_names();

enum class ConditionOperator {
  kIs,
  kIsNot,
  kIn,
  kNotIn,
  kLt,
  kLte,
  kGt,
  kGte,
  kContains,
  kNotContains
};
std::string_view to_string(ConditionOperator op);
std::optional<ConditionOperator> parse_condition_operator(std::string_view name);
// The operators a field accepts, in the order of the table above.
std::vector<ConditionOperator> operators_for(ConditionField f);

// Limits that keep a stored rule small and its evaluation cheap.
inline constexpr std::size_t kMaxConditionsPerList = 50;
inline constexpr std::size_t kMaxValuesPerCondition = 100;
inline constexpr std::size_t kMaxConditionTextLength = 1000;
inline constexpr std::size_t kMaxActions = 50;
inline constexpr std::size_t kMaxNoteLength = 65536;
// 100 years: far beyond any useful rule, and small enough that thresholds in
// milliseconds never overflow.
inline constexpr double kMaxConditionHours = 876'000;
inline constexpr double kMaxConditionMinutes = kMaxConditionHours * 60;

// What a condition is evaluated against: a snapshot of one ticket that the
// caller assembles from storage. Plain data, no I/O.
struct TicketFacts {
  TicketStatus status = TicketStatus::kOpen;
  Priority priority = Priority::kMedium;
  TicketType ticket_type = TicketType::kQuestion;
  std::optional<std::int64_t> department_id;
  std::optional<std::int64_t> assignee_id;  // nullopt = unassigned
  std::vector<std::string> tags;            // tag names
  std::string subject;
  std::string description;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::optional<Millis> assigned_at;  // when the current assignee got it
  std::optional<Millis> last_customer_reply_at;
  std::optional<Millis> last_agent_reply_at;
  // Whether any SLA target of the ticket has breached.
  bool sla_breached = false;
  // The due instant of the nearest unmet SLA target whose clock is running
  // (not paused); nullopt when there is none.
  std::optional<Millis> next_sla_due_at;
  // The calendar the SLA runs on, for minutes_to_breach; null means
  // BusinessCalendar::always_open(). Not owned; must outlive the evaluation.
  const BusinessCalendar* calendar = nullptr;
};

// One checked {"field", "operator", "value"} entry.
class Condition {
 public:
  ConditionField field() const { return field_; }
  ConditionOperator op() const { return op_; }
  // The value in its wire form (tag names trimmed), as to_json() writes it.
  const boost::json::value& value() const { return value_; }

  // Whether the condition holds for the ticket at `now`.
  bool holds(const TicketFacts& facts, Millis now) const;
  // The earliest instant > now at which holds() changes with the facts
  // unchanged and only time passing; nullopt if it never does. Exact for the
  // time fields (each changes at most once); for sla_breached it is the
  // breach instant of facts.next_sla_due_at while the facts say not yet
  // breached (see ConditionSet::next_change_at).
  std::optional<Millis> next_change_at(const TicketFacts& facts, Millis now) const;

  boost::json::value to_json() const;

  // The decoded members follow from these three, so they need no comparing.
  bool operator==(const Condition& other) const {
    return field_ == other.field_ && op_ == other.op_ && value_ == other.value_;
  }

 private:
  friend class ConditionParser;

  ConditionField field_ = ConditionField::kStatus;
  ConditionOperator op_ = ConditionOperator::kIs;
  boost::json::value value_;
  // The value, decoded once at parse time; which members are used depends on
  // the field. Enums are kept as their underlying value.
  std::vector<std::int64_t> numbers_;  // statuses, priorities, types, ids
  bool includes_null_ = false;         // ids: null (none) is among the values
  std::vector<std::string> texts_;     // tag names, or the text to look for
  bool flag_ = false;                  // sla_breached
  std::int64_t threshold_millis_ = 0;  // time fields
};

class ConditionSet {
 public:
  // The empty set: matches every ticket.
  ConditionSet() = default;

  // Checks a "conditions" value: an object with optional "all" and "any"
  // arrays, or null (absent), which gives the empty set. On failure returns
  // nullopt and adds every problem to *errors under paths built on `path`,
  // such as "conditions.all[1].operator", "conditions.any[0].value",
  // "conditions.any[0].value[2]", "conditions.all" (not an array) and
  // "conditions.foo" (unknown key).
  static std::optional<ConditionSet> parse(const boost::json::value& json, FieldErrors* errors,
                                           const std::string& path = "conditions");
  // As parse(), but throws ValidationError (422) with the field errors.
  static ConditionSet parse_or_throw(const boost::json::value& json,
                                     const std::string& path = "conditions");

  const std::vector<Condition>& all() const { return all_; }
  const std::vector<Condition>& any() const { return any_; }
  bool empty() const { return all_.empty() && any_.empty(); }

  bool matches(const TicketFacts& facts, Millis now) const;

  // When to evaluate the ticket again if nothing about it changes: the
  // earliest instant > now at which matches() could change with only time
  // passing, or nullopt when nothing time-based can change it (no time
  // conditions, or the outcome is settled, such as an `all` condition that is
  // false for good). It may be early (a condition flips without changing the
  // outcome; re-evaluating finds nothing new and asks again) but never late.
  //
  // A condition on sla_breached also wakes at breach_at(next_sla_due_at) while
  // the facts say not breached, so a rule keyed on a breach fires on time even
  // where the SLA engine's breach does not itself trigger an evaluation.
  std::optional<Millis> next_change_at(const TicketFacts& facts, Millis now) const;

  // {"all": [...], "any": [...]}, both keys always present.
  boost::json::value to_json() const;

  bool operator==(const ConditionSet& other) const = default;

 private:
  friend class ConditionParser;

  std::vector<Condition> all_;
  std::vector<Condition> any_;
};

// Which vocabulary of actions a rule may use.
enum class RuleKind { kEscalation, kAutomation };

enum class ActionType {
  kEscalate,          // escalation: value ignored
  kChangePriority,    // both: a priority name
  kAssignTo,          // escalation: a positive user id
  kChangeDepartment,  // escalation: a positive department id
  kAddTag,            // both: a tag name
  kAddNote,           // both: non-empty text (an internal note)
  kChangeStatus,      // automation: a status name
  kAssign,            // automation: a positive user id
  kRemoveTag,         // automation: a tag name
  kSetTicketType,     // automation: a ticket type name
};
std::string_view to_string(ActionType t);
std::optional<ActionType> parse_action_type(std::string_view name);
// The action types a rule of `kind` accepts, in the order errors list them.
std::vector<ActionType> action_types_for(RuleKind kind);

struct Action {
  ActionType type = ActionType::kEscalate;
  // By type: nothing for escalate; Priority, TicketStatus or TicketType for
  // the change_* / set_* types; a positive id for assign_to, assign and
  // change_department; the tag name (trimmed) or note text otherwise.
  std::variant<std::monostate, std::int64_t, std::string, Priority, TicketStatus, TicketType> value;

  // {"type": ..., "value": ...}; escalate writes "value": null.
  boost::json::value to_json() const;
  bool operator==(const Action&) const = default;
};

class ActionList {
 public:
  // Checks an "actions" value: an array of 1 to kMaxActions actions of the
  // types `kind` accepts. On failure returns nullopt and adds every problem to
  // *errors under paths such as "actions" (missing, not an array, empty),
  // "actions[2].type" and "actions[0].value". Null counts as missing.
  static std::optional<ActionList> parse(const boost::json::value& json, RuleKind kind,
                                         FieldErrors* errors, const std::string& path = "actions");
  // As parse(), but throws ValidationError (422) with the field errors.
  static ActionList parse_or_throw(const boost::json::value& json, RuleKind kind,
                                   const std::string& path = "actions");

  const std::vector<Action>& items() const { return items_; }
  boost::json::value to_json() const;
  bool operator==(const ActionList&) const = default;

 private:
  std::vector<Action> items_;
};

}  // namespace escalated::core
