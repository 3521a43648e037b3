// The transport refuses a body too large for its type as soon as it reads
// the Content-Length, before a byte of the body arrives.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/test_server.h"

namespace escalated::testing {
namespace {

// Sends only a request head over a raw socket and returns what the server
// answers within `wait` ("" when it answers nothing, waiting for the body).
std::string answer_to_head(const std::string& base_url, const std::string& head,
                           std::chrono::milliseconds wait) {
  int port = std::stoi(base_url.substr(base_url.rfind(':') + 1));
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  EXPECT_EQ(::send(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  std::string out;
  pollfd p{fd, POLLIN, 0};
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string head(const std::string& path, const std::string& type, std::size_t length) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

TEST(BodyLimitsTest, ADeclaredLengthOverTheTypesLimitIs413BeforeTheBody) {
  TestServer server;
  std::string path = server.prefix() + "/tickets";
  // 5 MB of JSON is over MaxBodyBytes (1 MiB), though multipart would take it.
  std::string json_answer = answer_to_head(
      server.base_url(), head(path, "application/json", 5'000'000), std::chrono::seconds(5));
  EXPECT_EQ(json_answer.rfind("HTTP/1.1 413", 0), 0u) << json_answer;
  EXPECT_NE(json_answer.find("application/problem+json"), std::string::npos);
  // Far over the multipart limit too.
  std::string multipart_answer =
      answer_to_head(server.base_url(), head(path, "multipart/form-data; boundary=x", 900'000'000),
                     std::chrono::seconds(5));
  EXPECT_EQ(multipart_answer.rfind("HTTP/1.1 413", 0), 0u) << multipart_answer;
  // A multipart body of 5 MB is within its limit: the server waits for it.
  std::string waiting =
      answer_to_head(server.base_url(), head(path, "multipart/form-data; boundary=x", 5'000'000),
                     std::chrono::milliseconds(300));
  EXPECT_EQ(waiting, "");
}

}  // namespace
}  // namespace escalated::testing
