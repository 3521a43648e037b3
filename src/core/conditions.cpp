#include "core/conditions.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/sla.h"
#include "core/tag_name.h"

namespace escalated::core {
namespace {

namespace json = boost::json;
using Op = ConditionOperator;
using Field = ConditionField;

constexpr std::array<std::pair<Field, std::string_view>, 15> kFields{{
    {Field::kStatus, "status"},
    {Field::kPriority, "priority"},
    {Field::kTicketType, "ticket_type"},
    {Field::kDepartmentId, "department_id"},
    {Field::kAssigneeId, "assignee_id"},
    {Field::kTags, "tags"},
    {Field::kSlaBreached, "sla_breached"},
    {Field::kMinutesToBreach, "minutes_to_breach"},
    {Field::kHoursSinceCreated, "hours_since_created"},
    {Field::kHoursSinceUpdated, "hours_since_updated"},
    {Field::kHoursSinceAssigned, "hours_since_assigned"},
    {Field::kHoursSinceCustomerReply, "hours_since_customer_reply"},
    {Field::kHoursSinceAgentReply, "hours_since_agent_reply"},
    {Field::kSubject, "subject"},
    {Field::kDescription, "description"},
}};

constexpr std::array<std::pair<Op, std::string_view>, 10> kOperators{{
    {Op::kIs, "is"},
    {Op::kIsNot, "is_not"},
    {Op::kIn, "in"},
    {Op::kNotIn, "not_in"},
    {Op::kLt, "lt"},
    {Op::kLte, "lte"},
    {Op::kGt, "gt"},
    {Op::kGte, "gte"},
    {Op::kContains, "contains"},
    {Op::kNotContains, "not_contains"},
}};

constexpr std::array<std::pair<ActionType, std::string_view>, 10> kActionTypes{{
    {ActionType::kEscalate, "escalate"},
    {ActionType::kChangePriority, "change_priority"},
    {ActionType::kAssignTo, "assign_to"},
    {ActionType::kChangeDepartment, "change_department"},
    {ActionType::kAddTag, "add_tag"},
    {ActionType::kAddNote, "add_note"},
    {ActionType::kChangeStatus, "change_status"},
    {ActionType::kAssign, "assign"},
    {ActionType::kRemoveTag, "remove_tag"},
    {ActionType::kSetTicketType, "set_ticket_type"},
}};

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return table[0].second;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

template <typename E>
std::string join_names(const std::vector<E>& values) {
  std::vector<std::string> names;
  for (E v : values) names.emplace_back(to_string(v));
  return join(names);
}

bool is_time_field(Field f) {
  switch (f) {
    case Field::kMinutesToBreach:
    case Field::kHoursSinceCreated:
    case Field::kHoursSinceUpdated:
    case Field::kHoursSinceAssigned:
    case Field::kHoursSinceCustomerReply:
    case Field::kHoursSinceAgentReply:
      return true;
    default:
      return false;
  }
}

bool is_list_op(Op op) {
  return op == Op::kIn || op == Op::kNotIn;
}

// The operators that assert the opposite of the test they share with another
// (is_not of is, not_in of in, not_contains of contains).
bool is_negated(Op op) {
  return op == Op::kIsNot || op == Op::kNotIn || op == Op::kNotContains;
}

bool compare(std::int64_t lhs, Op op, std::int64_t rhs) {
  switch (op) {
    case Op::kLt:
      return lhs < rhs;
    case Op::kLte:
      return lhs <= rhs;
    case Op::kGt:
      return lhs > rhs;
    case Op::kGte:
      return lhs >= rhs;
    default:
      return false;
  }
}

// Instants come from storage and thresholds are capped, so overflow needs an
// absurd input; saturating keeps even that well defined.
Millis add_saturated(Millis a, std::int64_t b) {
  Millis out;
  if (__builtin_add_overflow(a, b, &out)) {
    return b > 0 ? std::numeric_limits<Millis>::max() : std::numeric_limits<Millis>::min();
  }
  return out;
}

std::int64_t sub_saturated(Millis a, Millis b) {
  std::int64_t out;
  if (__builtin_sub_overflow(a, b, &out)) {
    return b < 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }
  return out;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string ascii_lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Folding only ASCII letters is safe on UTF-8: their bytes never occur inside
// a multi-byte sequence, so no character is split or mangled.
bool contains_ignoring_case(std::string_view haystack, std::string_view lowered_needle) {
  auto it = std::search(haystack.begin(), haystack.end(), lowered_needle.begin(),
                        lowered_needle.end(), [](char a, char b) { return ascii_lower(a) == b; });
  return it != haystack.end() || lowered_needle.empty();
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> positive_id(const json::value& v) {
  if (v.is_int64() && v.get_int64() > 0) return v.get_int64();
  if (v.is_uint64() &&
      v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

std::optional<double> number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return std::nullopt;
}

std::string child(const std::string& path, std::string_view key) {
  return path + "." + std::string(key);
}

std::string indexed(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

const BusinessCalendar& calendar_of(const TicketFacts& facts) {
  return facts.calendar != nullptr ? *facts.calendar : BusinessCalendar::always_open();
}

// The instant a hours_since_* field measures from, if the ticket has it.
std::optional<Millis> base_instant(Field f, const TicketFacts& facts) {
  switch (f) {
    case Field::kHoursSinceCreated:
      return facts.created_at;
    case Field::kHoursSinceUpdated:
      return facts.updated_at;
    case Field::kHoursSinceAssigned:
      return facts.assigned_at;
    case Field::kHoursSinceCustomerReply:
      return facts.last_customer_reply_at;
    case Field::kHoursSinceAgentReply:
      return facts.last_agent_reply_at;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string_view to_string(ConditionField f) {
  return name_of(kFields, f);
}
std::optional<ConditionField> parse_condition_field(std::string_view name) {
  return lookup(kFields, name);
}
std::vector<std::string> all_condition_field_names() {
  std::vector<std::string> out;
  for (const auto& entry : kFields) out.emplace_back(entry.second);
  return out;
}

std::string_view to_string(ConditionOperator op) {
  return name_of(kOperators, op);
}
std::optional<ConditionOperator> parse_condition_operator(std::string_view name) {
  return lookup(kOperators, name);
}

std::vector<ConditionOperator> operators_for(ConditionField f) {
  switch (f) {
    case Field::kStatus:
    case Field::kTicketType:
    case Field::kDepartmentId:
    case Field::kAssigneeId:
      return {Op::kIs, Op::kIsNot, Op::kIn, Op::kNotIn};
    case Field::kPriority:
      return {Op::kIs, Op::kIsNot, Op::kIn, Op::kNotIn, Op::kLt, Op::kLte, Op::kGt, Op::kGte};
    case Field::kTags:
      return {Op::kContains, Op::kNotContains, Op::kIn, Op::kNotIn};
    case Field::kSubject:
    case Field::kDescription:
      return {Op::kContains, Op::kNotContains};
    case Field::kSlaBreached:
      return {Op::kIs, Op::kIsNot};
    default:  // the time fields
      return {Op::kLt, Op::kLte, Op::kGt, Op::kGte};
  }
}

std::string_view to_string(ActionType t) {
  return name_of(kActionTypes, t);
}
std::optional<ActionType> parse_action_type(std::string_view name) {
  return lookup(kActionTypes, name);
}

std::vector<ActionType> action_types_for(RuleKind kind) {
  using A = ActionType;
  if (kind == RuleKind::kEscalation) {
    return {A::kEscalate,         A::kChangePriority, A::kAssignTo,
            A::kChangeDepartment, A::kAddTag,         A::kAddNote};
  }
  return {A::kChangeStatus,   A::kAssign,  A::kAddTag,       A::kRemoveTag,
          A::kChangePriority, A::kAddNote, A::kSetTicketType};
}

// ---------------------------------------------------------------------------
// Parsing

// Builds conditions from JSON; a friend of Condition and ConditionSet so the
// decoded members stay private and parsed objects stay immutable.
class ConditionParser {
 public:
  explicit ConditionParser(FieldErrors& found) : found_(found) {}

  void add(const std::string& path, std::string message) {
    found_[path].push_back(std::move(message));
  }

  std::optional<ConditionSet> parse_set(const json::value& v, const std::string& path) {
    ConditionSet set;
    if (v.is_null()) return set;
    const json::object* obj = v.if_object();
    if (obj == nullptr) {
      add(path, "must be an object with \"all\" and/or \"any\" arrays");
      return std::nullopt;
    }
    for (const auto& entry : *obj) {
      if (entry.key() != "all" && entry.key() != "any")
        add(child(path, entry.key()), "is not a known key; use \"all\" or \"any\"");
    }
    parse_list(obj->if_contains("all"), child(path, "all"), set.all_);
    parse_list(obj->if_contains("any"), child(path, "any"), set.any_);
    // The parser starts from no errors, so any found make the set invalid.
    if (!found_.empty()) return std::nullopt;
    return set;
  }

 private:
  void parse_list(const json::value* v, const std::string& path, std::vector<Condition>& out) {
    if (v == nullptr || v->is_null()) return;
    const json::array* arr = v->if_array();
    if (arr == nullptr) {
      add(path, "must be an array of conditions");
      return;
    }
    if (arr->size() > kMaxConditionsPerList) {
      add(path, "must have at most " + std::to_string(kMaxConditionsPerList) + " conditions");
      return;
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      if (auto c = parse_condition((*arr)[i], indexed(path, i))) out.push_back(std::move(*c));
    }
  }

  std::optional<Condition> parse_condition(const json::value& v, const std::string& path) {
    const json::object* obj = v.if_object();
    if (obj == nullptr) {
      add(path, "must be an object with \"field\", \"operator\" and \"value\"");
      return std::nullopt;
    }
    std::optional<Field> field;
    if (const json::value* f = obj->if_contains("field"); f == nullptr || f->is_null()) {
      add(child(path, "field"), "is required");
    } else if (!f->is_string()) {
      add(child(path, "field"), "must be a string");
    } else if (!(field = parse_condition_field(f->get_string()))) {
      add(child(path, "field"),
          "is not a known field; use one of: " + join(all_condition_field_names()));
    }

    std::optional<Op> op;
    if (const json::value* o = obj->if_contains("operator"); o == nullptr || o->is_null()) {
      add(child(path, "operator"), "is required");
    } else if (!o->is_string()) {
      add(child(path, "operator"), "must be a string");
    } else if (!(op = parse_condition_operator(o->get_string()))) {
      std::vector<Op> every;
      for (const auto& entry : kOperators) every.push_back(entry.first);
      add(child(path, "operator"), "is not a known operator; use one of: " + join_names(every));
    } else if (field) {
      auto allowed = operators_for(*field);
      if (std::find(allowed.begin(), allowed.end(), *op) == allowed.end()) {
        add(child(path, "operator"), "is not allowed for field \"" +
                                         std::string(to_string(*field)) +
                                         "\"; use one of: " + join_names(allowed));
        op.reset();
      }
    }
    // The value's type depends on both; without them it cannot be judged.
    if (!field || !op) return std::nullopt;

    Condition c;
    c.field_ = *field;
    c.op_ = *op;
    const std::string value_path = child(path, "value");
    const json::value* value = obj->if_contains("value");
    if (value == nullptr) {
      add(value_path, "is required");
      return std::nullopt;
    }
    bool ok = true;
    if (is_list_op(*op)) {
      const json::array* arr = value->if_array();
      if (arr == nullptr || arr->empty()) {
        add(value_path,
            "must be a non-empty array for operator \"" + std::string(to_string(*op)) + "\"");
        return std::nullopt;
      }
      if (arr->size() > kMaxValuesPerCondition) {
        add(value_path, "must have at most " + std::to_string(kMaxValuesPerCondition) + " entries");
        return std::nullopt;
      }
      json::array canonical;
      for (std::size_t i = 0; i < arr->size(); ++i) {
        json::value one;
        if (decode((*arr)[i], indexed(value_path, i), c, one)) {
          canonical.push_back(std::move(one));
        } else {
          ok = false;
        }
      }
      c.value_ = std::move(canonical);
    } else {
      ok = decode(*value, value_path, c, c.value_);
    }
    if (!ok) return std::nullopt;
    return c;
  }

  // Checks one value (or one entry of an in/not_in array) for the condition's
  // field, stores its decoded form in `c` and its wire form in `canonical`.
  bool decode(const json::value& v, const std::string& path, Condition& c, json::value& canonical) {
    canonical = v;
    const json::string* text = v.if_string();
    switch (c.field_) {
      case Field::kStatus: {
        auto s = text ? parse_status(*text) : std::nullopt;
        if (!s) return fail(path, "must be one of: " + join(all_status_names()));
        c.numbers_.push_back(static_cast<std::int64_t>(*s));
        return true;
      }
      case Field::kPriority: {
        auto p = text ? parse_priority(*text) : std::nullopt;
        if (!p) return fail(path, "must be one of: " + join(all_priority_names()));
        c.numbers_.push_back(static_cast<std::int64_t>(*p));
        return true;
      }
      case Field::kTicketType: {
        auto t = text ? parse_ticket_type(*text) : std::nullopt;
        if (!t) return fail(path, "must be one of: " + join(all_ticket_type_names()));
        c.numbers_.push_back(static_cast<std::int64_t>(*t));
        return true;
      }
      case Field::kDepartmentId:
      case Field::kAssigneeId: {
        if (v.is_null()) {
          c.includes_null_ = true;
          return true;
        }
        auto id = positive_id(v);
        if (!id) return fail(path, "must be a positive integer, or null for none");
        c.numbers_.push_back(*id);
        return true;
      }
      case Field::kTags: {
        if (text == nullptr) return fail(path, "must be a tag name (a string)");
        std::string_view name = trim(*text);
        if (auto problem = tag_name_problem(name)) return fail(path, *problem);
        c.texts_.emplace_back(name);
        canonical = json::string(name);
        return true;
      }
      case Field::kSubject:
      case Field::kDescription: {
        if (text == nullptr || text->empty()) return fail(path, "must be a non-empty string");
        if (text->size() > kMaxConditionTextLength)
          return fail(path,
                      "must be at most " + std::to_string(kMaxConditionTextLength) + " characters");
        c.texts_.push_back(ascii_lowered(*text));
        return true;
      }
      case Field::kSlaBreached: {
        if (!v.is_bool()) return fail(path, "must be true or false");
        c.flag_ = v.get_bool();
        return true;
      }
      default: {  // the time fields
        const bool minutes = c.field_ == Field::kMinutesToBreach;
        const double max = minutes ? kMaxConditionMinutes : kMaxConditionHours;
        auto n = number(v);
        if (!n || !std::isfinite(*n) || *n < 0 || *n > max) {
          return fail(path, std::string("must be a number of ") +
                                (minutes ? "business minutes" : "hours") + " from 0 to " +
                                std::to_string(static_cast<std::int64_t>(max)));
        }
        c.threshold_millis_ = std::llround(*n * (minutes ? 60'000.0 : 3'600'000.0));
        return true;
      }
    }
  }

  bool fail(const std::string& path, std::string message) {
    add(path, std::move(message));
    return false;
  }

  FieldErrors& found_;
};

namespace {

// Appends what one parse found to the caller's errors, as BusinessCalendar
// does, so one request can collect the problems of several parts.
void merge_into(FieldErrors* errors, FieldErrors& found) {
  if (errors == nullptr) return;
  for (auto& [field, messages] : found) {
    auto& into = (*errors)[field];
    into.insert(into.end(), messages.begin(), messages.end());
  }
}

}  // namespace

std::optional<ConditionSet> ConditionSet::parse(const json::value& v, FieldErrors* errors,
                                                const std::string& path) {
  FieldErrors found;
  ConditionParser parser(found);
  auto set = parser.parse_set(v, path);
  merge_into(errors, found);
  return set;
}

ConditionSet ConditionSet::parse_or_throw(const json::value& v, const std::string& path) {
  FieldErrors errors;
  auto set = parse(v, &errors, path);
  if (!set) throw ValidationError(std::move(errors));
  return std::move(*set);
}

// ---------------------------------------------------------------------------
// Evaluation

bool Condition::holds(const TicketFacts& facts, Millis now) const {
  auto listed = [this](std::int64_t n) {
    return std::find(numbers_.begin(), numbers_.end(), n) != numbers_.end();
  };
  // is / in / contains test membership; their negations test its absence.
  auto member = [this](bool found) { return is_negated(op_) ? !found : found; };

  switch (field_) {
    case Field::kStatus:
      return member(listed(static_cast<std::int64_t>(facts.status)));
    case Field::kTicketType:
      return member(listed(static_cast<std::int64_t>(facts.ticket_type)));
    case Field::kPriority: {
      auto rank = static_cast<std::int64_t>(facts.priority);
      if (op_ == Op::kLt || op_ == Op::kLte || op_ == Op::kGt || op_ == Op::kGte)
        return compare(rank, op_, numbers_.front());
      return member(listed(rank));
    }
    case Field::kDepartmentId:
    case Field::kAssigneeId: {
      const auto& id = field_ == Field::kAssigneeId ? facts.assignee_id : facts.department_id;
      return member(id ? listed(*id) : includes_null_);
    }
    case Field::kTags: {
      bool found = std::any_of(facts.tags.begin(), facts.tags.end(), [this](const auto& tag) {
        return std::find(texts_.begin(), texts_.end(), tag) != texts_.end();
      });
      return member(found);
    }
    case Field::kSubject:
      return member(contains_ignoring_case(facts.subject, texts_.front()));
    case Field::kDescription:
      return member(contains_ignoring_case(facts.description, texts_.front()));
    case Field::kSlaBreached:
      return member(facts.sla_breached == flag_);
    case Field::kMinutesToBreach: {
      if (!facts.next_sla_due_at) return false;
      std::int64_t left =
          remaining_business_millis(calendar_of(facts), *facts.next_sla_due_at, now);
      return compare(left, op_, threshold_millis_);
    }
    default: {
      auto base = base_instant(field_, facts);
      if (!base) return false;
      return compare(sub_saturated(now, *base), op_, threshold_millis_);
    }
  }
}

std::optional<Millis> Condition::next_change_at(const TicketFacts& facts, Millis now) const {
  std::optional<Millis> at;
  if (field_ == Field::kSlaBreached) {
    if (!facts.sla_breached && facts.next_sla_due_at) at = breach_at(*facts.next_sla_due_at);
  } else if (field_ == Field::kMinutesToBreach) {
    if (!facts.next_sla_due_at) return std::nullopt;
    // Time left only shrinks (and stands still while closed), so each
    // comparison flips once: `left <= m` from subtract_business_millis(due,
    // m) on. lt m is lte m - 1 and gte m is its negation; with m = 0, lt is
    // never true and gte always.
    std::int64_t m = threshold_millis_;
    if (op_ == Op::kLt || op_ == Op::kGte) {
      if (m == 0) return std::nullopt;
      m -= 1;
    }
    at = calendar_of(facts).subtract_business_millis(*facts.next_sla_due_at, m);
  } else if (is_time_field(field_)) {
    auto base = base_instant(field_, facts);
    if (!base) return std::nullopt;
    // elapsed > T first holds, and elapsed <= T last holds, at base + T + 1;
    // elapsed >= T and elapsed < T change at base + T.
    Millis boundary = add_saturated(*base, threshold_millis_);
    if (op_ == Op::kGt || op_ == Op::kLte) boundary = add_saturated(boundary, 1);
    at = boundary;
  }
  if (at && *at > now) return at;
  return std::nullopt;
}

bool ConditionSet::matches(const TicketFacts& facts, Millis now) const {
  auto holds = [&](const Condition& c) { return c.holds(facts, now); };
  return std::all_of(all_.begin(), all_.end(), holds) &&
         (any_.empty() || std::any_of(any_.begin(), any_.end(), holds));
}

std::optional<Millis> ConditionSet::next_change_at(const TicketFacts& facts, Millis now) const {
  struct State {
    bool value;
    std::optional<Millis> next;
    bool settled_false() const { return !value && !next; }
    bool settled_true() const { return value && !next; }
  };
  auto states = [&](const std::vector<Condition>& list) {
    std::vector<State> out;
    for (const Condition& c : list)
      out.push_back({c.holds(facts, now), c.next_change_at(facts, now)});
    return out;
  };
  const auto all = states(all_);
  const auto any = states(any_);

  // An outcome that no future flip can change needs no timer: that keeps
  // rules that cannot fire for a ticket (wrong status, say) off the queue.
  auto settled_false = [](const State& s) { return s.settled_false(); };
  auto settled_true = [](const State& s) { return s.settled_true(); };
  if (std::any_of(all.begin(), all.end(), settled_false)) return std::nullopt;
  if (!any.empty() && std::all_of(any.begin(), any.end(), settled_false)) return std::nullopt;
  if (std::all_of(all.begin(), all.end(), settled_true) &&
      (any.empty() || std::any_of(any.begin(), any.end(), settled_true)))
    return std::nullopt;

  std::optional<Millis> earliest;
  for (const auto* list : {&all, &any}) {
    for (const State& s : *list) {
      if (s.next && (!earliest || *s.next < *earliest)) earliest = s.next;
    }
  }
  return earliest;
}

// ---------------------------------------------------------------------------
// Serialisation

json::value Condition::to_json() const {
  return json::object{
      {"field", to_string(field_)}, {"operator", to_string(op_)}, {"value", value_}};
}

json::value ConditionSet::to_json() const {
  json::array all;
  for (const Condition& c : all_) all.push_back(c.to_json());
  json::array any;
  for (const Condition& c : any_) any.push_back(c.to_json());
  return json::object{{"all", std::move(all)}, {"any", std::move(any)}};
}

// ---------------------------------------------------------------------------
// Actions

namespace {

std::string_view kind_name(RuleKind kind) {
  return kind == RuleKind::kEscalation ? "an escalation rule" : "an automation";
}

// Checks an action's value for its type; returns false after adding an error.
bool decode_action_value(Action& a, const json::object& obj, const std::string& path,
                         FieldErrors& found) {
  auto fail = [&](std::string message) {
    found[path].push_back(std::move(message));
    return false;
  };
  const json::value* v = obj.if_contains("value");
  if (a.type == ActionType::kEscalate) {
    // The value means nothing here, but every action carries one, of the
    // types any action's value may have.
    if (v == nullptr) return fail("is required (null for escalate)");
    if (!v->is_null() && !v->is_string() && !v->is_int64())
      return fail("must be null, a string or an integer");
    return true;
  }
  if (v == nullptr || v->is_null()) return fail("is required");
  const json::string* text = v->if_string();
  switch (a.type) {
    case ActionType::kChangePriority: {
      auto p = text ? parse_priority(*text) : std::nullopt;
      if (!p) return fail("must be one of: " + join(all_priority_names()));
      a.value = *p;
      return true;
    }
    case ActionType::kChangeStatus: {
      auto s = text ? parse_status(*text) : std::nullopt;
      if (!s) return fail("must be one of: " + join(all_status_names()));
      a.value = *s;
      return true;
    }
    case ActionType::kSetTicketType: {
      auto t = text ? parse_ticket_type(*text) : std::nullopt;
      if (!t) return fail("must be one of: " + join(all_ticket_type_names()));
      a.value = *t;
      return true;
    }
    case ActionType::kAssignTo:
    case ActionType::kAssign:
    case ActionType::kChangeDepartment: {
      auto id = positive_id(*v);
      if (!id) return fail("must be a positive integer");
      a.value = *id;
      return true;
    }
    case ActionType::kAddTag:
    case ActionType::kRemoveTag: {
      if (text == nullptr) return fail("must be a tag name (a string)");
      std::string_view name = trim(*text);
      if (auto problem = tag_name_problem(name)) return fail(*problem);
      a.value = std::string(name);
      return true;
    }
    case ActionType::kAddNote: {
      if (text == nullptr || trim(*text).empty()) return fail("must be a non-empty string");
      if (text->size() > kMaxNoteLength)
        return fail("must be at most " + std::to_string(kMaxNoteLength) + " characters");
      a.value = std::string(*text);
      return true;
    }
    default:
      return true;
  }
}

}  // namespace

json::value Action::to_json() const {
  json::value v = std::visit(
      [](const auto& x) -> json::value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return x;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return json::string(x);
        } else {
          return json::string(to_string(x));
        }
      },
      value);
  return json::object{{"type", to_string(type)}, {"value", std::move(v)}};
}

std::optional<ActionList> ActionList::parse(const json::value& v, RuleKind kind,
                                            FieldErrors* errors, const std::string& path) {
  FieldErrors found;
  ActionList list;
  const auto allowed = action_types_for(kind);
  if (v.is_null()) {
    found[path].push_back("is required: a rule needs at least one action");
  } else if (!v.is_array()) {
    found[path].push_back("must be an array of actions");
  } else if (v.get_array().empty()) {
    found[path].push_back("must have at least one action");
  } else if (v.get_array().size() > kMaxActions) {
    found[path].push_back("must have at most " + std::to_string(kMaxActions) + " actions");
  } else {
    const json::array& arr = v.get_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string item = indexed(path, i);
      const json::object* obj = arr[i].if_object();
      if (obj == nullptr) {
        found[item].push_back("must be an object with \"type\" and \"value\"");
        continue;
      }
      const std::string type_path = child(item, "type");
      const json::value* t = obj->if_contains("type");
      std::optional<ActionType> type;
      if (t == nullptr || t->is_null()) {
        found[type_path].push_back("is required");
      } else if (!t->is_string()) {
        found[type_path].push_back("must be a string");
      } else if (!(type = parse_action_type(t->get_string()))) {
        found[type_path].push_back("is not a known action type; use one of: " +
                                   join_names(allowed));
      } else if (std::find(allowed.begin(), allowed.end(), *type) == allowed.end()) {
        found[type_path].push_back("is not allowed in " + std::string(kind_name(kind)) +
                                   "; use one of: " + join_names(allowed));
        type.reset();
      }
      if (!type) continue;
      Action a;
      a.type = *type;
      if (decode_action_value(a, *obj, child(item, "value"), found))
        list.items_.push_back(std::move(a));
    }
  }
  if (!found.empty()) {
    merge_into(errors, found);
    return std::nullopt;
  }
  return list;
}

ActionList ActionList::parse_or_throw(const json::value& v, RuleKind kind,
                                      const std::string& path) {
  FieldErrors errors;
  auto list = parse(v, kind, &errors, path);
  if (!list) throw ValidationError(std::move(errors));
  return std::move(*list);
}

json::value ActionList::to_json() const {
  json::array out;
  for (const Action& a : items_) out.push_back(a.to_json());
  return out;
}

}  // namespace escalated::core
