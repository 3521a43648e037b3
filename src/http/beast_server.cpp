// The built-in HTTP/1.1 server over Boost.Beast: the only file that includes
// Beast. Each connection is a Session on its own strand; reads and writes are
// asynchronous, and the handler runs on the strand's thread between them.
//
// Flow of one connection:
//   accept -> read header -> (100-continue?) -> read body -> handle -> write
//          -> keep-alive ? read header again : shut down
// Drain (stop() or SIGTERM): stop accepting, let requests in flight finish
// with "Connection: close", close idle connections, then return.
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
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "escalated/server.h"

namespace escalated {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
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

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  Handler handler;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::atomic<bool> draining{false};
  // Cuts a drain short when a client is slow to finish.
  net::steady_timer drain_deadline{ioc};

  class Session;
  std::mutex sessions_mutex;
  std::set<std::shared_ptr<Session>> sessions;

  Impl(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

  void accept();
  void begin_drain();
  void forget(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(s);
    if (draining && sessions.empty()) {
      net::post(ioc, [this] { drain_deadline.cancel(); });
    }
  }
};

class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
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
  void drain() {
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
    parser_->body_limit(server_.options.max_body_bytes);
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
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/problem+json");
    r.body = std::string("{\"type\":\"about:blank\",\"title\":\"") +
             std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(status))) +
             "\",\"status\":" + std::to_string(status) + ",\"detail\":\"" + detail + "\"}";
    write(std::move(r), 11, false, "-", "-");
  }

  void handle() {
    auto& breq = parser_->get();
    Request req;
    req.method = std::string(breq.method_string());
    req.target = std::string(breq.target());
    req.headers.reserve(16);
    for (const auto& field : breq) {
      req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    req.body = std::move(breq.body());
    req.remote_address = remote_;
    Response res;
    try {
      res = server_.handler(req);
    } catch (const std::exception& e) {
      spdlog::error("handler threw on {} {}: {}", req.method, req.target, e.what());
      res.status = 500;
      res.headers = {{"Content-Type", "application/problem+json"}};
      res.body = R"({"type":"about:blank","title":"Internal Server Error","status":500})";
    }
    bool keep_alive = breq.keep_alive() && !server_.draining;
    write(std::move(res), breq.version(), keep_alive, req.method, req.target);
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
    if (server_.options.log_requests) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started_)
                        .count();
      request_log().info(
          "{{\"method\":\"{}\",\"path\":\"{}\",\"status\":{},\"bytes\":{},\"ms\":{:.3f},"
          "\"remote\":\"{}\"}}",
          json_escape(method), json_escape(target.substr(0, target.find('?'))), res.status,
          out->body().size(), static_cast<double>(micros) / 1000.0, remote_);
    }
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
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool idle_ = true;
  bool first_request_ = true;
  bool closed_ = false;
};

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
  std::vector<std::shared_ptr<Session>> current;
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
