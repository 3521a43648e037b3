// A small WebSocket client for tests (Boost.Beast, compiled once here): a
// thread reads every message into an inbox the test waits on.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace escalated::testing {

// The server answered the handshake with something other than 101.
struct WsRefused : std::runtime_error {
  WsRefused(int s, const std::string& what) : std::runtime_error(what), status(s) {}
  int status;
};

class WsClient {
 public:
  using Headers = std::map<std::string, std::string>;

  // Connects to `path` on the "http://127.0.0.1:PORT" server with `headers`
  // (Cookie, Authorization, Origin …). Throws WsRefused when declined.
  WsClient(const std::string& base_url, const std::string& path, const Headers& headers = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send(const std::string& text);
  void send_json(const boost::json::value& message);
  // The next message (parsed), or nullopt when none came in `timeout`.
  std::optional<boost::json::value> next(
      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The next message of that "type"; the ones skipped go to `skipped` (their types).
  std::optional<boost::json::value> next_of(
      const std::string& type, std::vector<std::string>* skipped = nullptr,
      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Sends a subscribe for `topic` and returns the answer ("subscribed" or "error").
  boost::json::value subscribe(const std::string& topic);
  // Closes the connection (close frame) and waits for the end.
  void close();
  // True once the server has ended the connection.
  bool closed();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace escalated::testing
