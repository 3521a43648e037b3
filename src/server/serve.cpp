// Helpdesk::serve and the Options -> ServerOptions mapping: the glue between
// the helpdesk and the built-in server, kept out of the Beast translation
// unit so it compiles in a moment.
#include <algorithm>
#include <string>

#include "escalated/helpdesk.h"
#include "escalated/options.h"
#include "escalated/server.h"

namespace escalated {

ServerOptions server_options_from(const Options& options) {
  const std::string& listen = options.listen;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw ConfigError("Listen must be HOST:PORT: " + listen);
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = listen.substr(colon + 1);
  if (host.empty() || port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535) {
    throw ConfigError("Listen must be HOST:PORT with a port from 0 to 65535: " + listen);
  }
  ServerOptions out;
  out.host = host;
  out.port = static_cast<unsigned short>(std::stoi(port_text));
  out.threads = options.threads;
  out.max_body_bytes = options.max_body_bytes;
  out.log_requests = options.log_requests;
  return out;
}

void limit_bodies_as_configured(HttpServer& server, const Options& options) {
  // The transport refuses a body over its type's limit before reading it;
  // the body_limit middleware checks again for hosts with their own server.
  server.limit_body("multipart/form-data", options.attachments.max_multipart_bytes());
  // POST /inbound/email takes a raw message as message/rfc822, or as
  // text/plain from MTAs that cannot label it better.
  std::size_t mail = std::max(options.max_body_bytes,
                              static_cast<std::size_t>(options.email.max_inbound_kb) * 1024);
  server.limit_body("message/rfc822", mail);
  server.limit_body("text/plain", mail);
}

void Helpdesk::serve(const std::function<void(unsigned short port)>& on_listening) {
  HttpServer server(server_options_from(options()),
                    [this](const Request& request) { return handle(request); });
  limit_bodies_as_configured(server, options());
  // Each route's own limit, from its declaration, before a body is read.
  server.admit_bodies([this](const Request& head) { return admit_body(head); });
  start_background_work();
  if (on_listening) on_listening(server.port());
  server.run(/*handle_signals=*/true);
  stop_background_work();
  dispatch_events();
}

}  // namespace escalated
