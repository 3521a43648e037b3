// GET /ws: the WebSocket upgrade for live updates. The request passes the
// same middleware as any other (identity from the session cookie or a
// bearer token, the route's Access, rate limits), so the transport never
// decides who is calling; an accepted upgrade is a 101 carrying the hub's
// session for this caller (escalated/websocket.h), which the transport then
// wires to the connection.
#include <strings.h>

#include "api/api.h"
#include "http/problem.h"

namespace escalated::api {

using http::Access;
using http::RequestContext;

namespace {

bool header_has_token(const Request& r, const char* name, std::string_view token) {
  auto value = r.header(name);
  if (!value) return false;
  std::string_view rest = *value;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.size() == token.size() && strncasecmp(item.data(), token.data(), token.size()) == 0)
      return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

// Browsers send the session cookie with a WebSocket handshake from any site
// and CSRF tokens do not apply to it, so a page from elsewhere could listen
// in (cross-site WebSocket hijacking). A browser always sends Origin: it
// must name this host. Clients that send no Origin are not browsers.
bool same_origin(const Request& r) {
  auto origin = r.header("Origin");
  if (!origin) return true;
  auto host = r.header("Host");
  auto scheme_end = origin->find("://");
  if (!host || scheme_end == std::string_view::npos) return false;
  std::string_view authority = origin->substr(scheme_end + 3);
  return authority.size() == host->size() &&
         strncasecmp(authority.data(), host->data(), host->size()) == 0;
}

// How the hub asks again who the upgrade's credential speaks for, found
// the way the identity middleware found it: the host's user in embedded
// mode, else the bearer token, else the session cookie.
services::RealtimeHub::Recheck recheck_of(ApiServices& s, const Request& r,
                                          const core::Actor& actor) {
  using Found = std::optional<core::Actor>;
  if (s.embedded()) {
    return [&s, id = actor.user_id]() -> Found {
      auto user = s.accounts.find(id);
      if (!user || !user->active) return std::nullopt;
      return s.accounts.actor_for(id);
    };
  }
  auto authorization = r.header("Authorization");
  if (authorization && authorization->size() >= 7 &&
      strncasecmp(authorization->data(), "Bearer ", 7) == 0) {
    return [&s, secret = std::string(authorization->substr(7))]() -> Found {
      auto identity = s.api_tokens.authenticate(secret);
      if (!identity) return std::nullopt;
      return identity->actor;
    };
  }
  return [&s, token = http::cookie_value(r, kSessionCookie).value_or("")]() -> Found {
    auto session = s.accounts.session(token);
    if (!session) return std::nullopt;
    return session->actor;
  };
}

}  // namespace

void register_realtime_routes(http::Router& router, ApiServices& s, services::RealtimeHub& hub) {
  router.add(
      "GET", "/ws", Access::kUser,
      [&s, &hub](RequestContext& ctx) {
        const Options& options = s.options;
        if (!options.enable_real_time)
          throw core::NotFound("Real-time updates are off (EnableRealTime).");
        const Request& r = ctx.request();
        if (!header_has_token(r, "Upgrade", "websocket") ||
            !header_has_token(r, "Connection", "upgrade")) {
          Response res = http::problem(426, "Upgrade Required",
                                       "Connect with a WebSocket client to this address.");
          res.set_header("Upgrade", "websocket");
          return res;
        }
        if (!same_origin(r))
          throw core::Forbidden("WebSocket connections are accepted from this site only.");
        Response res;
        res.status = 101;
        res.websocket = hub.open_session(ctx.actor(), recheck_of(s, r, ctx.actor()));
        return res;
      },
      "Live updates over WebSocket");
}

}  // namespace escalated::api
