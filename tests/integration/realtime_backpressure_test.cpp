// A WebSocket client that stops reading is cut off once what waits for it
// passes the send queue's bound, instead of growing the server's memory.
// The client here is a raw socket that does the handshake and then reads
// nothing while a customer opens large tickets.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

namespace json = boost::json;

class RawSocket {
 public:
  explicit RawSocket(const std::string& base_url) {
    int port = std::stoi(base_url.substr(base_url.rfind(':') + 1));
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("connect failed");
  }
  ~RawSocket() { ::close(fd_); }
  void send(const std::string& bytes) {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  }
  // Reads what arrives within `wait`; `eof` tells whether the peer closed.
  std::string read(std::chrono::milliseconds wait, bool* eof = nullptr) {
    std::string out;
    pollfd p{fd_, POLLIN, 0};
    while (::poll(&p, 1, static_cast<int>(wait.count())) > 0) {
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (eof) *eof = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
};

// One masked client text frame (RFC 6455 §5.2; an all-zero mask is valid).
std::string text_frame(const std::string& payload) {
  std::string frame{static_cast<char>(0x81), static_cast<char>(0x80 | payload.size())};
  frame.append(4, '\0');
  return frame + payload;
}

TEST(RealtimeBackpressureTest, AClientThatStopsReadingIsDisconnected) {
  TestServer server([](Options& o) {
    o.enable_real_time = true;
    o.rate_limits.enabled = false;
  });
  server.add_user("Ada", "ada@example.com", "agent");
  server.add_user("Cus", "cus@example.com", "customer");
  auto ada = server.signed_in("ada@example.com");
  auto cus = server.signed_in("cus@example.com");

  RawSocket slow(server.base_url());
  slow.send("GET " + server.prefix() +
            "/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            "Cookie: " +
            ada->cookie_header() + "\r\n\r\n");
  std::string handshake = slow.read(std::chrono::milliseconds(500));
  ASSERT_EQ(handshake.rfind("HTTP/1.1 101", 0), 0u) << handshake;
  slow.send(text_frame(R"({"type":"subscribe","topic":"queue"})"));
  ASSERT_NE(slow.read(std::chrono::milliseconds(500)).find("subscribed"), std::string::npos);

  // About 130 KB an event (the description and its HTML): 200 of them are
  // far more than the 4 MiB queue plus what the kernel buffers hold.
  std::string words;
  while (words.size() < 60'000) words += "lorem ipsum dolor sit amet ";
  for (int i = 0; i < 200; ++i) {
    HttpResult r = cus->post_json(
        server.prefix() + "/tickets",
        json::object{{"subject", "Big " + std::to_string(i)}, {"description", words}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // Reading now drains what was in flight, then finds the connection closed.
  bool eof = false;
  std::string rest = slow.read(std::chrono::seconds(3), &eof);
  EXPECT_TRUE(eof) << "the server kept a client that does not read (" << rest.size()
                   << " bytes then silence)";
  EXPECT_LT(rest.size(), 200u * 130'000u);  // not everything was sent
}

}  // namespace
}  // namespace escalated::testing
