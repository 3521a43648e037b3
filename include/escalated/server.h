// The built-in HTTP/1.1 server (Boost.Beast) for stand-alone mode and for
// hosts that want one. It knows nothing of helpdesks: it calls a handler
// with the project's own Request and answers with its Response.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "escalated/http.h"

namespace escalated {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (see HttpServer::port)
  int threads = 0;             // 0 = eight per core, at least 32
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1 << 20;  // see also HttpServer::limit_body
  int read_timeout_seconds = 30;         // to receive one whole request
  int idle_timeout_seconds = 75;         // keep-alive connection with no request
  bool log_requests = true;              // one structured line per request on stderr
};

struct Options;

// The server settings an Options implies: Listen ("HOST:PORT", IPv6 hosts in
// brackets), Threads, MaxBodyBytes, LogRequests. Throws ConfigError for a
// Listen value it cannot read.
ServerOptions server_options_from(const Options& options);

// WebSocket: a request that asks to upgrade and gets a 101 answer with
// Response::websocket set (escalated/websocket.h) becomes a WebSocket
// connection tied to that session (pings, a 64 KiB message limit, and a
// bounded send queue: a client too slow to read is disconnected).
class HttpServer;
// The per-type limits an Options implies: multipart/form-data up to
// Attachments' limit, message/rfc822 and text/plain (inbound mail) up to
// Email.MaxInboundKb.
void limit_bodies_as_configured(HttpServer& server, const Options& options);

class HttpServer {
 public:
  using Handler = std::function<Response(const Request&)>;

  // Binds the listening socket (so port() is known at once); serves nothing
  // until run() or start().
  HttpServer(ServerOptions options, Handler handler);
  ~HttpServer();

  unsigned short port() const;
  // A larger (or smaller) body limit than max_body_bytes for one media type
  // ("multipart/form-data": lower case, no parameters); call before serving.
  // A body over its type's limit is refused with 413 as soon as its
  // Content-Length is read, before any of it is.
  void limit_body(std::string media_type, std::size_t max_bytes);
  // Decides each request's body limit from its header (a Request with an
  // empty body), in place of the limits by type: a refusal is answered at
  // once, with the connection closed, and none of the body is read. Call
  // before serving; Helpdesk::serve passes Helpdesk::admit_body.
  using BodyAdmitter = std::function<BodyAdmission(const Request& head)>;
  void admit_bodies(BodyAdmitter admitter);
  // Serves on the calling thread plus options.threads - 1 others until stop()
  // or SIGTERM/SIGINT (when handle_signals is true), then drains: stops
  // accepting, finishes requests in flight, closes idle connections.
  void run(bool handle_signals = true);
  // Serves on background threads; returns at once.
  void start();
  // Begins the graceful drain and waits for it (at most 10 s).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace escalated
