#include "services/base/stored_json.h"

#include <boost/json/parse.hpp>

namespace escalated::services {

namespace json = boost::json;

json::value parse_stored(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return json::value();
  return v;  // moved, not copied
}

json::object stored_object(std::string_view text) {
  json::value v = parse_stored(text);
  return v.is_object() ? std::move(v.as_object()) : json::object();
}

std::vector<std::string> stored_strings(std::string_view text) {
  std::vector<std::string> out;
  json::value v = parse_stored(text);
  if (!v.is_array()) return out;
  for (const auto& item : v.as_array())
    if (item.is_string()) out.emplace_back(item.as_string());
  return out;
}

}  // namespace escalated::services
