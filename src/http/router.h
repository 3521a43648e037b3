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

#include "core/permissions.h"
#include "escalated/http.h"
#include "http/body_rules.h"

namespace escalated::http {

// Who may call a route: anyone, any signed-in user (customers act on their
// own tickets), or a signed-in user holding one permission.
class Access {
 public:
  enum class Kind { kPublic, kUser, kPermission };
  static const Access kPublic;
  static const Access kUser;
  static Access need(core::Permission p) { return Access(Kind::kPermission, p); }

  Kind kind() const { return kind_; }
  core::Permission permission() const { return permission_; }
  bool operator==(const Access& o) const {
    return kind_ == o.kind_ && (kind_ != Kind::kPermission || permission_ == o.permission_);
  }
  bool operator!=(const Access& o) const { return !(*this == o); }

 private:
  Access(Kind kind, core::Permission p) : kind_(kind), permission_(p) {}
  Kind kind_;
  core::Permission permission_;
};
inline const Access Access::kPublic{Access::Kind::kPublic, core::Permission::kTicketView};
inline const Access Access::kUser{Access::Kind::kUser, core::Permission::kTicketView};
// "public", "user" or the permission's slug (as docs/openapi.yaml writes it).
std::string to_string(Access access);

class RequestContext;
using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;  // relative to the prefix: "/tickets/{id}"
  Access access;
  Handler handler;
  // What it takes as a body (http/body_rules.h): JSON unless it says so.
  Body body = Body::kJson;
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
  // A route whose body is more than JSON: files (Body::kMultipart) or a
  // raw message (Body::kMail).
  void add(std::string method, std::string pattern, Access access, Body body, Handler handler,
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
