#include "core/json_fields.h"

#include <boost/json/value.hpp>
#include <charconv>

namespace escalated::core {

namespace json = boost::json;

namespace {

// Digits only, as a form field carries a number: no sign, no spaces.
std::optional<std::int64_t> digits(const json::string& text) {
  std::int64_t value = 0;
  if (text.empty() || text[0] == '-' || text[0] == '+') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

JsonFields::JsonFields(const json::object& object, FieldErrorCollector& errors, std::string path)
    : object_(&object),
      errors_(&errors),
      path_(std::move(path)),
      reads_(std::make_shared<Reads>()) {
  reads_->objects.emplace_back(object_, path_);
}

JsonFields JsonFields::nested(const json::object& object, std::string path) const {
  JsonFields out(*this);
  out.object_ = &object;
  out.path_ = std::move(path);
  reads_->objects.emplace_back(out.object_, out.path_);
  return out;
}

const json::value* JsonFields::member(std::string_view name) const {
  mark(name);
  const json::value* v = object_->if_contains(name);
  if (!v || (v->is_null() && null_absent_.count(path_of(name)))) return nullptr;
  return v;
}

bool JsonFields::has(std::string_view name) const {
  mark(name);
  const json::value* v = object_->if_contains(name);
  return v && !v->is_null();
}

std::optional<std::string> JsonFields::string(std::string_view name, const std::string& message) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(name, message);
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::string JsonFields::required_string(std::string_view name) {
  if (!has(name)) {
    error(name, "is required");
    return {};
  }
  return string(name).value_or("");
}

std::optional<bool> JsonFields::boolean(std::string_view name) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    error(name, "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::int64_t> JsonFields::integer(std::string_view name) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (numbers_as_text_ && v->is_string()) {
    if (auto n = digits(v->as_string())) return n;
  }
  error(name, v->is_uint64() ? "is out of range" : "must be an integer");
  return std::nullopt;
}

std::optional<std::int64_t> JsonFields::integer(std::string_view name, std::int64_t min,
                                                std::int64_t max) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  std::optional<std::int64_t> n;
  if (v->is_int64()) n = v->as_int64();
  if (numbers_as_text_ && v->is_string()) n = digits(v->as_string());
  if (n && *n >= min && *n <= max) return n;
  error(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return std::nullopt;
}

std::optional<double> JsonFields::number(std::string_view name) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    error(name, "must be a number");
    return std::nullopt;
  }
  return v->to_number<double>();
}

std::optional<std::int64_t> JsonFields::id(std::string_view name) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (v->is_int64() && v->as_int64() > 0) return v->as_int64();
  if (numbers_as_text_ && v->is_string()) {
    if (auto n = digits(v->as_string()); n && *n > 0) return n;
  }
  error(name, "must be a positive integer id");
  return std::nullopt;
}

std::optional<std::optional<std::int64_t>> JsonFields::nullable_id(std::string_view name,
                                                                   const std::string& message) {
  mark(name);
  const json::value* v = object_->if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::int64_t>();
  if (v->is_int64() && v->as_int64() > 0) return std::optional<std::int64_t>(v->as_int64());
  error(name, message);
  return std::nullopt;
}

std::optional<std::optional<std::string>> JsonFields::nullable_string(std::string_view name,
                                                                      const std::string& message) {
  mark(name);
  const json::value* v = object_->if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  if (v->is_string()) return std::optional<std::string>(std::string(v->as_string()));
  error(name, message);
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonFields::strings(std::string_view name,
                                                            const std::string& list_message,
                                                            const std::string& item_message) {
  return list_of<std::string>(name, list_message, item_message,
                              [](const json::value& item) -> std::optional<std::string> {
                                if (!item.is_string()) return std::nullopt;
                                return std::string(item.as_string());
                              });
}

std::optional<std::vector<std::int64_t>> JsonFields::ids(std::string_view name,
                                                         const std::string& list_message,
                                                         const std::string& item_message) {
  return list_of<std::int64_t>(name, list_message, item_message,
                               [](const json::value& item) -> std::optional<std::int64_t> {
                                 if (!item.is_int64() || item.as_int64() <= 0) return std::nullopt;
                                 return item.as_int64();
                               });
}

std::optional<JsonFields> JsonFields::object(std::string_view name) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    error(name, "must be an object");
    return std::nullopt;
  }
  return nested(v->as_object(), path_of(name) + ".");
}

std::optional<std::vector<JsonFields>> JsonFields::objects(std::string_view name,
                                                           const std::string& list_message) {
  const json::value* v = member(name);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    error(name, list_message);
    return std::nullopt;
  }
  std::vector<JsonFields> out;
  const json::array& items = v->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string item_path = std::string(name) + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) {
      error(item_path, "must be an object");
      continue;
    }
    out.push_back(nested(items[i].as_object(), path_ + item_path + "."));
  }
  return out;
}

bool JsonFields::only(std::initializer_list<std::string_view> known) {
  bool clean = true;
  for (const auto& [key, value] : *object_) {
    mark(key);  // reported here, if at all
    bool listed = false;
    for (std::string_view k : known) listed = listed || k == std::string_view(key);
    if (!listed) {
      error(key, "is unknown");
      clean = false;
    }
  }
  return clean;
}

void JsonFields::report_unread() {
  for (const auto& [object, path] : reads_->objects)
    for (const auto& [key, value] : *object) {
      std::string member = path + std::string(key);
      if (reads_->members.insert(member).second) errors_->add(member, "is unknown");
    }
}

}  // namespace escalated::core
