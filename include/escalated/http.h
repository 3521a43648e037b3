// The helpdesk's own HTTP value types. Handlers, middleware and embedding
// hosts speak these; only the built-in server adapter knows Boost.Beast, so a
// host with any HTTP stack can call Helpdesk::handle().
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace escalated {

class WebSocketSession;  // escalated/websocket.h

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup (first match).
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received: "/support/tickets?limit=5"
  Headers headers;
  std::string body;
  std::string remote_address;  // the peer's IP address
  bool tls = false;            // true when the connection was encrypted

  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
  // The target without its query string, percent-decoding left to the router.
  std::string_view path() const;
  std::string_view query() const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set (with status 101) when the handler accepted a WebSocket upgrade: the
  // transport completes the handshake and hands the connection to it.
  std::shared_ptr<WebSocketSession> websocket;
  // The client as the helpdesk saw it (the peer, or behind TrustedProxies
  // the forwarded address), for the transport's request log.
  std::string client_address;
  // When set, what the request log writes as the path instead of the one
  // requested: the route's pattern, for paths that carry a secret (a
  // guest's magic link token).
  std::string log_path;

  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
  // Replaces any header of that name.
  void set_header(std::string name, std::string value);
};

// What may follow a request's header, decided from the request line and
// headers alone (Helpdesk::admit_body) before a transport reads the body:
// at most `max_bytes`, or nothing at all when `refusal` is set (413 for a
// declared length over the limit, 415 for a type the route does not take).
struct BodyAdmission {
  std::size_t max_bytes = 0;
  std::optional<Response> refusal;
};

}  // namespace escalated
