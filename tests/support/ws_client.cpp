#include "support/ws_client.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "support/http_client.h"

namespace escalated::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<std::string> inbox;
  bool ended = false;
  std::thread thread;

  void read() {
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      std::lock_guard lock(mutex);
      if (ec) {
        ended = true;
      } else {
        inbox.push_back(beast::buffers_to_string(buffer.data()));
        buffer.consume(buffer.size());
      }
      arrived.notify_all();
      if (!ec) read();
    });
  }

  // Runs `f` on the I/O thread and waits for it.
  template <typename F>
  void on_io_thread(F f) {
    std::promise<void> done;
    net::post(ioc, [&] { f([&] { done.set_value(); }); });
    done.get_future().wait();
  }
};

namespace {

// The handshake, for the contract log: the realtime route is `/ws` under the
// route prefix, so the prefix is what comes before it.
void record_handshake(const std::string& target, const WsClient::Headers& headers,
                      const websocket::response_type& res) {
  const std::string path = target.substr(0, target.find('?'));
  const std::string suffix = "/ws";
  const bool realtime = path.size() >= suffix.size() &&
                        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (res.result_int() == 0) return;  // no answer at all
  HttpResult result;
  result.status = static_cast<long>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    result.headers[name] = std::string(field.value());
  }
  result.body = res.body();
  record_exchange(realtime ? path.substr(0, path.size() - suffix.size()) : "", "GET", target,
                  headers, result);
}

}  // namespace

WsClient::WsClient(const std::string& base_url, const std::string& path, const Headers& headers)
    : impl_(std::make_unique<Impl>()) {
  std::string host_port = base_url.substr(base_url.find("://") + 3);
  std::string host = host_port.substr(0, host_port.rfind(':'));
  std::string port = host_port.substr(host_port.rfind(':') + 1);
  tcp::resolver resolver(impl_->ioc);
  beast::get_lowest_layer(impl_->ws).connect(resolver.resolve(host, port));
  impl_->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [name, value] : headers) req.set(name, value);
  }));
  websocket::response_type res;
  beast::error_code ec;
  impl_->ws.handshake(res, host_port, path, ec);
  record_handshake(path, headers, res);
  if (ec) {
    int status = static_cast<int>(res.result_int());
    throw WsRefused(status, "handshake declined with " + std::to_string(status) + ": " +
                                ec.message() + " " + res.body());
  }
  impl_->read();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

WsClient::~WsClient() {
  if (!impl_->thread.joinable()) return;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    beast::get_lowest_layer(impl_->ws).socket().close(ec);
  });
  impl_->thread.join();
}

void WsClient::send(const std::string& text) {
  impl_->on_io_thread([&](auto done) {
    impl_->ws.text(true);
    impl_->ws.async_write(net::buffer(text), [done](beast::error_code, std::size_t) { done(); });
  });
}

void WsClient::send_json(const boost::json::value& message) {
  send(boost::json::serialize(message));
}

std::optional<boost::json::value> WsClient::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [&] { return !impl_->inbox.empty() || impl_->ended; });
  if (impl_->inbox.empty()) return std::nullopt;
  std::string text = std::move(impl_->inbox.front());
  impl_->inbox.pop_front();
  return boost::json::parse(text);
}

std::optional<boost::json::value> WsClient::next_of(const std::string& type,
                                                    std::vector<std::string>* skipped,
                                                    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto message = next(left);
    if (!message) return std::nullopt;
    std::string got(message->at("type").as_string());
    if (got == type) return message;
    if (skipped) skipped->push_back(got);
  }
}

boost::json::value WsClient::subscribe(const std::string& topic) {
  send_json({{"type", "subscribe"}, {"topic", topic}});
  while (auto message = next()) {
    auto type = message->at("type").as_string();
    if (type == "subscribed" || type == "error") return *message;
  }
  return nullptr;
}

void WsClient::close() {
  impl_->on_io_thread([&](auto done) {
    impl_->ws.async_close(websocket::close_code::normal, [done](beast::error_code) { done(); });
  });
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, std::chrono::seconds(5), [&] { return impl_->ended; });
}

bool WsClient::closed() {
  std::lock_guard lock(impl_->mutex);
  return impl_->ended;
}

}  // namespace escalated::testing
