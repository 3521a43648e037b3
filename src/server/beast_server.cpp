// The built-in HTTP/1.1 server over Boost.Beast: the only file that includes
// Beast. Each connection is a Session on its own strand; reads and writes are
// asynchronous, and the handler runs on the strand's thread between them.
//
// Flow of one connection:
//   accept -> read header -> (100-continue?) -> read body -> handle -> write
//          -> keep-alive ? read header again : shut down
// A body the route does not take is refused once the header is read,
// before any of it is: over the route's limit (413) or of a type it does
// not take (415), as the admitter (Helpdesk::admit_body) says; without one,
// over its type's limit (413). A WebSocket upgrade the handler accepts (101
// with Response::websocket) hands the socket to a WsConnection:
//   handshake -> read message -> session.on_message -> read again ...
//   session's peer.send (any thread) -> strand -> queue -> write one at a time
// Drain (stop() or SIGTERM): stop accepting, let requests in flight finish
// with "Connection: close", close idle connections and WebSockets, then return.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "escalated/server.h"
#include "escalated/websocket.h"

namespace escalated {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// One JSON line per request on stderr, apart from whatever the host prints.
spdlog::logger& request_log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("escalated.http");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
    return l;
  }();
  return *logger;
}

// A problem+json answer made here, before any handler has seen the request.
Response transport_problem(int status, const char* detail) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/problem+json");
  r.body = std::string("{\"type\":\"about:blank\",\"title\":\"") +
           std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(status))) +
           "\",\"status\":" + std::to_string(status) + ",\"detail\":\"" + detail + "\"}";
  return r;
}

// The media type of a Content-Type value, lower case, without parameters.
std::string media_type_of(std::string_view content_type) {
  std::string_view head = content_type.substr(0, content_type.find(';'));
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  while (!head.empty() && head.front() == ' ') head.remove_prefix(1);
  std::string out(head);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  // Per media type, where it differs from options.max_body_bytes.
  std::vector<std::pair<std::string, std::size_t>> body_limits_by_type;
  // When set, decides each body's limit from the header instead.
  BodyAdmitter admitter;
  Handler handler;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::atomic<bool> draining{false};
  // Cuts a drain short when a client is slow to finish.
  net::steady_timer drain_deadline{ioc};

  // An open connection, HTTP or WebSocket, as the drain sees it.
  struct Connection {
    virtual ~Connection() = default;
    // Called from any thread: close when idle, or after the work in hand.
    virtual void drain() = 0;
  };
  class Session;
  class WsConnection;
  std::mutex sessions_mutex;
  std::set<std::shared_ptr<Connection>> sessions;

  Impl(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

  // The largest body accepted for a Content-Type.
  std::size_t body_limit_for(std::string_view content_type) const {
    std::string type = media_type_of(content_type);
    for (const auto& [name, limit] : body_limits_by_type)
      if (name == type) return limit;
    return options.max_body_bytes;
  }
  std::size_t largest_body_limit() const {
    std::size_t out = options.max_body_bytes;
    for (const auto& entry : body_limits_by_type) out = std::max(out, entry.second);
    return out;
  }

  void accept();
  void begin_drain();
  void remember(std::shared_ptr<Connection> c) {
    std::lock_guard lock(sessions_mutex);
    sessions.insert(std::move(c));
  }
  void forget(const std::shared_ptr<Connection>& s) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(s);
    if (draining && sessions.empty()) {
      net::post(ioc, [this] { drain_deadline.cancel(); });
    }
  }
};

class HttpServer::Impl::Session : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
    boost::system::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  // Called from any thread during a drain: an idle connection closes now; a
  // busy one closes after its current response.
  void drain() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->close();
    });
  }

 private:
  void read_header() {
    idle_ = buffer_.size() == 0;
    if (server_.draining && idle_) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    // Until the Content-Type is known, the largest limit of any type.
    parser_->body_limit(server_.largest_body_limit());
    stream_.expires_after(std::chrono::seconds(first_request_
                                                   ? server_.options.read_timeout_seconds
                                                   : server_.options.idle_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    idle_ = false;
    first_request_ = false;
    if (ec) return on_read_error(ec);
    started_ = std::chrono::steady_clock::now();
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    auto& req = parser_->get();
    // Refuse a body the route does not take, or too large for it, before
    // reading any of it (and before a client that sent Expect: 100-continue
    // sends it at all). A chunked body meets the same limit as it arrives.
    std::size_t limit = server_.body_limit_for(req[bhttp::field::content_type]);
    if (server_.admitter) {
      BodyAdmission admission = server_.admitter(head_of(req));
      if (admission.refusal) {
        return write(std::move(*admission.refusal), req.version(), false,
                     std::string(req.method_string()), std::string(req.target()));
      }
      limit = admission.max_bytes;
    }
    parser_->body_limit(limit);
    if (auto length = parser_->content_length(); length && *length > limit) {
      return write(transport_problem(413, "The body is larger than this server accepts."),
                   req.version(), false, std::string(req.method_string()),
                   std::string(req.target()));
    }
    // curl and others wait for "100 Continue" before sending a large body.
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                       req.version());
      bhttp::async_write(stream_, *cont,
                         [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
                           if (wec) return self->close();
                           self->read_body();
                         });
      return;
    }
    read_body();
  }

  // The request as the helpdesk's types have it, without its body.
  Request head_of(const bhttp::request<bhttp::string_body>& breq) const {
    Request head;
    head.method = std::string(breq.method_string());
    head.target = std::string(breq.target());
    head.headers.reserve(16);
    for (const auto& field : breq)
      head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    head.remote_address = remote_;
    return head;
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->on_read_error(ec);
                        self->handle();
                      });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset) {
      return close();
    }
    // The request broke a limit or the grammar: answer once, then close.
    int status = 400;
    const char* detail = "The request could not be parsed.";
    if (ec == bhttp::error::body_limit) {
      status = 413;
      detail = "The body is larger than this server accepts.";
    } else if (ec == bhttp::error::header_limit) {
      status = 431;
      detail = "The request headers are too large.";
    }
    write(transport_problem(status, detail), 11, false, "-", "-");
  }

  void handle() {
    auto& breq = parser_->get();
    Request req = head_of(breq);
    req.body = std::move(breq.body());
    Response res;
    try {
      res = server_.handler(req);
    } catch (const std::exception& e) {
      spdlog::error("handler threw on {} {}: {}", req.method, req.target, e.what());
      res.status = 500;
      res.headers = {{"Content-Type", "application/problem+json"}};
      res.body = R"({"type":"about:blank","title":"Internal Server Error","status":500})";
    }
    if (res.status == 101) {
      if (res.websocket && websocket::is_upgrade(breq) && !server_.draining)
        return upgrade(std::move(res.websocket));
      res = server_.draining ? transport_problem(503, "The server is shutting down.")
                             : transport_problem(400, "The upgrade could not be completed.");
    }
    if (!res.client_address.empty()) client_ = res.client_address;
    bool keep_alive = breq.keep_alive() && !server_.draining;
    write(std::move(res), breq.version(), keep_alive, req.method, req.target);
  }

  // Hands the socket and the upgrade request to a WebSocket connection; this
  // HTTP session ends without closing the socket.
  void upgrade(std::shared_ptr<WebSocketSession> session);

  void log_request(const std::string& method, const std::string& target, int status,
                   std::size_t bytes) {
    if (!server_.options.log_requests) return;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started_)
                      .count();
    request_log().info(
        "{{\"method\":\"{}\",\"path\":\"{}\",\"status\":{},\"bytes\":{},\"ms\":{:.3f},"
        "\"remote\":\"{}\"}}",
        json_escape(method), json_escape(target.substr(0, target.find('?'))), status, bytes,
        static_cast<double>(micros) / 1000.0, json_escape(client_.empty() ? remote_ : client_));
  }

  void write(Response res, unsigned version, bool keep_alive, const std::string& method,
             const std::string& target) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(res.status), version);
    out->set(bhttp::field::server, "escalated");
    for (auto& [name, value] : res.headers) out->insert(name, value);
    out->body() = std::move(res.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    // A HEAD answer carries the GET answer's headers, Content-Length included.
    if (method == "HEAD") out->body().clear();
    log_request(method, res.log_path.empty() ? target : res.log_path, res.status,
                out->body().size());
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
                         if (ec || !out->keep_alive()) return self->close();
                         self->read_header();
                       });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    server_.forget(shared_from_this());
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  friend class WsConnection;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  std::string client_;  // the last request's client as the helpdesk saw it (TrustedProxies)
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool idle_ = true;
  bool first_request_ = true;
  bool closed_ = false;
};

// One WebSocket connection, on the strand its HTTP session had. Reads run
// one at a time and hand each text message to the session; sends arrive
// from any thread, are posted to the strand and written one at a time from
// a queue. The queue is bounded: a client that does not read is cut off
// instead of growing the server's memory.
class HttpServer::Impl::WsConnection : public Connection,
                                       public std::enable_shared_from_this<WsConnection> {
 public:
  static constexpr std::size_t kMaxMessageBytes = 64 * 1024;
  static constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;

  WsConnection(Impl& server, beast::tcp_stream&& stream, std::shared_ptr<WebSocketSession> session)
      : server_(server), ws_(std::move(stream)), session_(std::move(session)) {}

  void start(bhttp::request<bhttp::string_body> request) {
    request_ = std::move(request);
    // The websocket stream keeps its own timers (handshake, idle, pings).
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(server_.options.read_timeout_seconds);
    timeout.idle_timeout = std::chrono::seconds(60);  // a ping goes out after 30 s of silence
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(bhttp::field::server, "escalated"); }));
    ws_.read_message_max(kMaxMessageBytes);
    ws_.async_accept(request_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->finish();
      self->opened_ = true;
      self->guard([&] { self->session_->on_open(std::make_shared<Peer>(self)); });
      // A drain that began during the handshake did not see this connection.
      if (self->server_.draining) self->begin_close();
      self->read();
    });
  }

  // Called from any thread.
  void send(std::string text) {
    net::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      self->enqueue(std::move(text));
    });
  }
  void close_gracefully() {
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->begin_close(); });
  }
  void drain() override { close_gracefully(); }

 private:
  // What the session holds: it must not keep the connection alive.
  class Peer : public WebSocketPeer {
   public:
    explicit Peer(const std::shared_ptr<WsConnection>& c) : connection_(c) {}
    void send(std::string text) override {
      if (auto c = connection_.lock()) c->send(std::move(text));
    }
    void close() override {
      if (auto c = connection_.lock()) c->close_gracefully();
    }

   private:
    std::weak_ptr<WsConnection> connection_;
  };

  // The session's code must not take the server down: a throw ends the connection.
  template <typename F>
  void guard(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      spdlog::error("websocket session threw: {}", e.what());
      beast::error_code ec;
      beast::get_lowest_layer(ws_).socket().close(ec);
    }
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish();
      if (self->ws_.got_text()) {
        std::string text = beast::buffers_to_string(self->buffer_.data());
        self->guard([&] { self->session_->on_message(text); });
      }
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void enqueue(std::string text) {
    if (finished_ || closing_) return;
    if (queued_bytes_ + text.size() > kMaxQueuedBytes) {
      spdlog::warn("websocket client {} too slow; disconnecting", remote());
      beast::error_code ec;
      beast::get_lowest_layer(ws_).socket().close(ec);  // pending operations fail -> finish()
      return;
    }
    queued_bytes_ += text.size();
    queue_.push_back(std::move(text));
    if (!writing_) write_next();
  }

  void write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->finish();
                      self->queued_bytes_ -= self->queue_.front().size();
                      self->queue_.pop_front();
                      self->writing_ = false;
                      if (!self->queue_.empty()) return self->write_next();
                      if (self->closing_) self->send_close();
                    });
  }

  // A close frame goes after what is queued (a close is a write too).
  void begin_close() {
    if (closing_ || finished_) return;
    closing_ = true;
    if (!opened_) {
      beast::error_code ec;
      beast::get_lowest_layer(ws_).socket().close(ec);
      return;
    }
    if (!writing_) send_close();
  }

  void send_close() {
    ws_.async_close(websocket::close_code::going_away,
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  // Ends the connection once, whichever way it ended.
  void finish() {
    if (finished_) return;
    finished_ = true;
    if (opened_) guard([&] { session_->on_close(); });
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    server_.forget(shared_from_this());
  }

  std::string remote() {
    beast::error_code ec;
    auto endpoint = beast::get_lowest_layer(ws_).socket().remote_endpoint(ec);
    return ec ? "-" : endpoint.address().to_string();
  }

  Impl& server_;
  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<WebSocketSession> session_;
  bhttp::request<bhttp::string_body> request_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool opened_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

void HttpServer::Impl::Session::upgrade(std::shared_ptr<WebSocketSession> session) {
  auto request = parser_->release();
  log_request(std::string(request.method_string()), std::string(request.target()), 101, 0);
  auto connection = std::make_shared<WsConnection>(server_, std::move(stream_), std::move(session));
  server_.remember(connection);
  closed_ = true;  // the socket is the WebSocket's now
  server_.forget(shared_from_this());
  connection->start(std::move(request));
}

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      return accept();  // a failed accept (e.g. out of descriptors) must not stop the server
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    {
      std::lock_guard lock(sessions_mutex);
      sessions.insert(session);
    }
    session->start();
    if (!draining) accept();
  });
}

void HttpServer::Impl::begin_drain() {
  if (draining.exchange(true)) return;
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
  });
  std::vector<std::shared_ptr<Connection>> current;
  {
    std::lock_guard lock(sessions_mutex);
    current.assign(sessions.begin(), sessions.end());
  }
  for (auto& s : current) s->drain();
  net::post(ioc, [this] {
    drain_deadline.expires_after(std::chrono::seconds(10));
    drain_deadline.async_wait([this](beast::error_code ec) {
      if (!ec) ioc.stop();
    });
    std::lock_guard lock(sessions_mutex);
    if (sessions.empty()) drain_deadline.cancel();
  });
}

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {
  auto address = net::ip::make_address(impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(net::socket_base::max_listen_connections);
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::limit_body(std::string media_type, std::size_t max_bytes) {
  impl_->body_limits_by_type.emplace_back(media_type_of(media_type), max_bytes);
}

void HttpServer::admit_bodies(BodyAdmitter admitter) {
  impl_->admitter = std::move(admitter);
}

unsigned short HttpServer::port() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

namespace {
// Handlers block on the database (a write waits for its group commit), so
// the server runs more threads than cores: while some wait on an fsync,
// others serve, and concurrent writes can share one commit.
int thread_count(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(32u, 8 * std::thread::hardware_concurrency()));
}
}  // namespace

void HttpServer::run(bool handle_signals) {
  std::optional<net::signal_set> signals;
  if (handle_signals) {
    signals.emplace(impl_->ioc, SIGINT, SIGTERM);
    signals->async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->begin_drain();
    });
  }
  impl_->accept();
  int n = thread_count(impl_->options.threads);
  for (int i = 1; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

void HttpServer::start() {
  impl_->accept();
  int n = thread_count(impl_->options.threads);
  for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::stop() {
  if (impl_->threads.empty()) return;
  impl_->begin_drain();
  // Give requests in flight up to 10 s, then cut what is left.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(impl_->sessions_mutex);
      if (impl_->sessions.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace escalated
