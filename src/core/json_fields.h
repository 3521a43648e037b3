// Reads the members of one JSON object by type and collects every problem
// under the member's path, so one answer names all of them. It is the one
// way input is read: the API reads request bodies with it, and the
// configuration loader the configuration file, so a member of the wrong type
// is reported in the same words wherever it was written.
//
// The reader only reads: whether a value makes sense (a known time zone, a
// unique name) is the rule's or the service's to say.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"

namespace escalated::core {

class JsonFields {
 public:
  // Reads `object`, adding problems to `errors` under `path` + member name
  // (a path is "" at the top, "Sla." or "schedule.monday[1]." inside).
  JsonFields(const boost::json::object& object, FieldErrorCollector& errors, std::string path = "");

  // A member given as null is a wrong type like any other ("must be a
  // string"), except where null means "clear" (the nullable readers) and
  // for the members named here, which read null as absent (the document
  // marks each such member nullable).
  JsonFields& null_means_absent(std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) null_absent_.insert(path_of(n));
    return *this;
  }
  // Multipart form fields are all text: with this on, ids and whole numbers
  // may also be given as their digits.
  JsonFields& numbers_as_text(bool on) {
    numbers_as_text_ = on;
    return *this;
  }

  const boost::json::object& object() const { return *object_; }
  // The member is there and not null.
  bool has(std::string_view name) const;
  // The member as given, null included (nullptr when absent), for a
  // reader of its own: what a core parser takes whole.
  const boost::json::value* value(std::string_view name) const {
    mark(name);
    return object_->if_contains(name);
  }
  // The path a problem with `name` is reported under.
  std::string path_of(std::string_view name) const { return path_ + std::string(name); }
  void error(std::string_view name, const std::string& message) {
    errors_->add(path_of(name), message);
  }
  // Adds problems found elsewhere (a core parser's, a service's check of one
  // member), their fields taken as members of this object.
  void add_errors(const FieldErrors& found) { errors_->add_all(found, path_); }

  // Each reader returns nullopt when the member is absent, and also, after
  // reporting "must be ..." (or `message`, where a reader takes one), when
  // it has another type.
  std::optional<std::string> string(std::string_view name,
                                    const std::string& message = "must be a string");
  // "is required" when absent (or null); "" then, and on a wrong type.
  std::string required_string(std::string_view name);
  std::optional<bool> boolean(std::string_view name);
  // Any whole number: "must be an integer" otherwise, "is out of range"
  // beyond 64 bits.
  std::optional<std::int64_t> integer(std::string_view name);
  // A whole number from min to max: "must be an integer from min to max".
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max);
  // Any JSON number, whole or not: "must be a number".
  std::optional<double> number(std::string_view name);
  // A positive integer id: "must be a positive integer id".
  std::optional<std::int64_t> id(std::string_view name);
  // For members where null means "clear": nullopt when absent,
  // optional(nullopt) when null, else the id.
  std::optional<std::optional<std::int64_t>> nullable_id(
      std::string_view name, const std::string& message = "must be a positive integer id or null");
  // The same for a string where null means "clear".
  std::optional<std::optional<std::string>> nullable_string(
      std::string_view name, const std::string& message = "must be a string or null");
  // A list of strings: `list_message` when the member is not a list, and
  // `item_message` under "name[i]" for each item that is not a string.
  std::optional<std::vector<std::string>> strings(
      std::string_view name, const std::string& list_message = "must be a list of strings",
      const std::string& item_message = "must be a string");
  // A list of positive integer ids, reported the same way.
  std::optional<std::vector<std::int64_t>> ids(
      std::string_view name,
      const std::string& list_message = "must be a list of positive integer ids",
      const std::string& item_message = "must be a positive integer id");
  // A list whose items `read` turns into T (nullopt: the item is wrong):
  // `list_message` for a member that is no list, `item_message` under
  // "name[i]" for each wrong item; nullopt when anything was wrong.
  template <typename T, typename Read>
  std::optional<std::vector<T>> list_of(std::string_view name, const std::string& list_message,
                                        const std::string& item_message, Read read) {
    const boost::json::value* v = member(name);
    if (!v) return std::nullopt;
    if (!v->is_array()) {
      error(name, list_message);
      return std::nullopt;
    }
    std::vector<T> out;
    const boost::json::array& items = v->as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (std::optional<T> item = read(items[i]))
        out.push_back(std::move(*item));
      else
        error(std::string(name) + "[" + std::to_string(i) + "]", item_message);
    }
    if (out.size() != items.size()) return std::nullopt;
    return out;
  }
  // A nested object, read by a reader whose paths continue with "name.":
  // "must be an object" otherwise.
  std::optional<JsonFields> object(std::string_view name);
  // A list of objects, one reader per item with paths "name[i].":
  // `list_message` when the member is not a list, "must be an object" under
  // "name[i]" for an item that is not one (and no reader for it).
  std::optional<std::vector<JsonFields>> objects(
      std::string_view name, const std::string& list_message = "must be a list of objects");
  // Reports every member not in `known` as "is unknown"; returns whether
  // there was none.
  bool only(std::initializer_list<std::string_view> known);
  // Reports, as "is unknown", every member of this object and of the
  // nested objects read through it that no reader asked for: what a
  // handler does not read is no member of its body, and silently dropping
  // it would hide a misspelt name. Call once everything is read.
  void report_unread();

 private:
  // What the readers of one body share: the objects read (with their
  // paths) and the member paths asked for.
  struct Reads {
    std::vector<std::pair<const boost::json::object*, std::string>> objects;
    std::set<std::string> members;
  };
  // A reader of a nested object, sharing this one's errors and reads.
  JsonFields nested(const boost::json::object& object, std::string path) const;
  // The member, or nullptr when it is absent (or null, when null means
  // absent for it); records that it was asked for.
  const boost::json::value* member(std::string_view name) const;
  // Records that the member was asked for.
  void mark(std::string_view name) const { reads_->members.insert(path_of(name)); }

  const boost::json::object* object_;
  FieldErrorCollector* errors_;
  std::string path_;
  std::shared_ptr<Reads> reads_;
  std::set<std::string> null_absent_;
  bool numbers_as_text_ = false;
};

}  // namespace escalated::core
