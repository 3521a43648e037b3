// Maps "METHOD /path/{param}" to handlers. Each route declares, next to its
// registration, who may call it; the dispatcher enforces that before the
// handler runs, and tests walk the table to check every declaration.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "escalated/http.h"

namespace escalated::http {

// Who may call a route.
enum class Access {
  kPublic,  // anyone, signed in or not
  kUser,    // any signed-in user (customers and staff)
  kStaff,   // agents and admins
  kAdmin,   // admins
};
std::string_view to_string(Access access);

class RequestContext;
using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;  // relative to the prefix: "/tickets/{id}"
  Access access;
  Handler handler;
  std::string summary;
  std::vector<std::string> segments;  // the pattern split once, at registration
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  // Methods the path accepts, when it matched a pattern but not the method.
  std::vector<std::string> allowed_methods;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, Handler handler,
           std::string summary = {});
  // Literal segments win over parameters, so "/tickets/dashboard" is found
  // before "/tickets/{id}" whatever the order of registration.
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a", "b"}, percent-decoding each segment.
std::vector<std::string> split_path(std::string_view path);
std::string percent_decode(std::string_view text, bool plus_is_space = false);
// Parses "a=1&b=x%20y" into a multimap-like list of pairs.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace escalated::http
