// WebSocket conversations, apart from their transport. Helpdesk::handle
// answers an upgrade request it accepts (GET {prefix}/ws, after the usual
// identity and access checks) with status 101 and Response::websocket set;
// the transport then completes the handshake and wires the connection to
// that session. The built-in server (escalated/server.h) does this; a host
// with its own HTTP stack does the same with its WebSocket library.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace escalated {

// The transport's end of one connection, as the session sees it.
class WebSocketPeer {
 public:
  virtual ~WebSocketPeer() = default;
  // Queues one text message and returns at once; callable from any thread.
  // A client that falls too far behind is disconnected rather than buffered
  // for without bound (the session then gets on_close).
  virtual void send(std::string text) = 0;
  // Ends the connection with a normal close frame.
  virtual void close() = 0;
};

// The helpdesk's end of one connection. The transport calls these in order,
// never two at once: on_open, any number of on_message, then on_close once.
class WebSocketSession {
 public:
  virtual ~WebSocketSession() = default;
  // The handshake is done; `peer` stays usable until on_close.
  virtual void on_open(std::shared_ptr<WebSocketPeer> peer) = 0;
  // One complete text message from the client.
  virtual void on_message(std::string_view text) = 0;
  // The connection ended (either side closed, an error, a timeout).
  virtual void on_close() = 0;
};

}  // namespace escalated
