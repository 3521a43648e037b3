// bench_load: a closed-loop HTTP/1.1 load driver for the helpdesk API.
//
//   bench_load --url http://127.0.0.1:18099 --prefix /support
//              --email agent1@bench.example --password bench-password
//              --scenario mixed --connections 64 --duration 10
//
// It signs in once as the agent (and, for scenarios with customer traffic, as
// a few seeded customers), learns some ticket ids, then keeps every
// connection busy: each sends its next request as soon as the previous answer
// is complete (keep-alive, no pipelining). Worker threads each drive their
// share of the connections with epoll. After --duration seconds it stops by
// itself and prints requests/s, latency percentiles and errors (non-2xx and
// broken connections) per request kind and in total.
//
// It talks only to 127.0.0.1: anything else is refused.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// ---- small helpers ---------------------------------------------------------

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9e3779b97f4a7c15ULL + 1) {}
  std::uint64_t next() {
    // splitmix64: plenty for picking request kinds and ids.
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::int64_t below(std::int64_t n) {
    return n <= 0 ? 0 : static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t s_;
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// ---- HTTP/1.1 response parsing ---------------------------------------------

// One response read from the front of a buffer. parse() says how many bytes
// it used once the whole message is there, 0 while more is needed, and
// throws on a malformed message.
struct Response {
  int status = 0;
  bool close = false;
  std::string body;
  std::vector<std::string> set_cookies;
};

size_t parse_response(std::string_view buf, Response& out, bool keep_body) {
  size_t header_end = buf.find("\r\n\r\n");
  if (header_end == std::string_view::npos) {
    if (buf.size() > 64 * 1024) throw std::runtime_error("response header too large");
    return 0;
  }
  std::string_view head = buf.substr(0, header_end);
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/")
    throw std::runtime_error("malformed status line");
  int status = 0;
  for (size_t i = 9; i < 12; ++i) {
    char ch = status_line[i];
    if (ch < '0' || ch > '9') throw std::runtime_error("malformed status code");
    status = status * 10 + (ch - '0');
  }
  bool http10 = status_line.substr(0, 8) == "HTTP/1.0";
  std::optional<size_t> content_length;
  bool chunked = false;
  bool close = http10;
  std::vector<std::string> cookies;
  size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      size_t n = 0;
      for (char ch : value) {
        if (ch < '0' || ch > '9') throw std::runtime_error("bad Content-Length");
        n = n * 10 + static_cast<size_t>(ch - '0');
      }
      content_length = n;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = value.find("chunked") != std::string_view::npos;
    } else if (iequals(name, "connection")) {
      if (iequals(value, "close")) close = true;
      if (iequals(value, "keep-alive")) close = false;
    } else if (iequals(name, "set-cookie")) {
      cookies.emplace_back(value);
    }
  }
  size_t body_start = header_end + 4;
  std::string body;
  size_t total;
  if (chunked) {
    size_t p = body_start;
    for (;;) {
      size_t eol = buf.find("\r\n", p);
      if (eol == std::string_view::npos) return 0;
      size_t size = 0;
      for (size_t i = p; i < eol; ++i) {
        char ch = buf[i];
        if (ch == ';') break;
        int digit = ch >= '0' && ch <= '9'   ? ch - '0'
                    : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                             : -1;
        if (digit < 0) throw std::runtime_error("bad chunk size");
        size = size * 16 + static_cast<size_t>(digit);
      }
      p = eol + 2;
      if (size == 0) {
        // Trailers (none expected) end with an empty line.
        size_t trailer_end = buf.find("\r\n", p);
        while (trailer_end != std::string_view::npos && trailer_end != p) {
          p = trailer_end + 2;
          trailer_end = buf.find("\r\n", p);
        }
        if (trailer_end == std::string_view::npos) return 0;
        total = trailer_end + 2;
        break;
      }
      if (buf.size() < p + size + 2) return 0;
      if (keep_body) body.append(buf.substr(p, size));
      p += size + 2;
    }
  } else if (content_length) {
    if (buf.size() < body_start + *content_length) return 0;
    if (keep_body) body.assign(buf.substr(body_start, *content_length));
    total = body_start + *content_length;
  } else if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
    total = body_start;
  } else {
    throw std::runtime_error("response without Content-Length (read-until-close unsupported)");
  }
  out.status = status;
  out.close = close;
  out.body = std::move(body);
  out.set_cookies = std::move(cookies);
  return total;
}

// ---- sockets ----------------------------------------------------------------

int connect_loopback(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

struct Target {
  unsigned short port = 0;
  std::string host_header;
  std::string prefix;  // "/support" or ""
};

// A blocking request on a fresh connection, for the sign-ins and the id
// look-ups before the run.
Response fetch(const Target& t, const std::string& method, const std::string& path,
               const std::string& extra_headers = "", const std::string& body = "") {
  int fd = connect_loopback(t.port);
  if (fd < 0)
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(t.port) + ": " +
                             std::strerror(errno));
  std::string req = method + " " + t.prefix + path + " HTTP/1.1\r\nHost: " + t.host_header +
                    "\r\nAccept: application/json\r\nConnection: close\r\n" + extra_headers;
  if (!body.empty() || method == "POST") {
    req +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  if (!send_all(fd, req)) {
    ::close(fd);
    throw std::runtime_error("cannot send the request for " + path);
  }
  std::string buf;
  char chunk[16384];
  Response res;
  for (;;) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("connection closed before the answer to " + path + " was complete");
    }
    buf.append(chunk, static_cast<size_t>(n));
    if (parse_response(buf, res, true)) break;
  }
  ::close(fd);
  return res;
}

// ---- the workload -----------------------------------------------------------

struct Session {
  std::string email;
  std::string cookie;  // "escalated_session=..."
  std::string csrf;
  std::int64_t user_id = 0;
  std::vector<std::int64_t> own_tickets;       // customers: tickets they requested
  std::vector<std::int64_t> own_open_tickets;  // ... that still take replies
};

Session login(const Target& t, const std::string& email, const std::string& password) {
  json::object body{{"email", email}, {"password", password}};
  Response res = fetch(t, "POST", "/auth/login", "", json::serialize(body));
  if (res.status != 200) {
    throw std::runtime_error("sign-in as " + email + " failed with HTTP " +
                             std::to_string(res.status) + ": " + res.body.substr(0, 300));
  }
  Session s;
  s.email = email;
  for (const auto& c : res.set_cookies) {
    if (c.rfind("escalated_session=", 0) == 0) s.cookie = c.substr(0, c.find(';'));
  }
  if (s.cookie.empty()) throw std::runtime_error("sign-in as " + email + " set no session cookie");
  json::value v = json::parse(res.body);
  s.csrf = std::string(v.at("csrf_token").as_string());
  s.user_id = v.at("user").at("id").to_number<std::int64_t>();
  return s;
}

json::value get_json(const Target& t, const Session& s, const std::string& path) {
  Response res = fetch(t, "GET", path, "Cookie: " + s.cookie + "\r\n");
  if (res.status != 200) {
    throw std::runtime_error("GET " + path + " answered HTTP " + std::to_string(res.status) + ": " +
                             res.body.substr(0, 300));
  }
  return json::parse(res.body);
}

enum Kind {
  kQueueOpen,
  kQueueMine,
  kQueueHigh,
  kQueueByPriority,
  kQueueDefault,
  kAgentView,
  kAgentNote,
  kAgentDashboard,
  kCustomerList,
  kCustomerView,
  kCustomerCreate,
  kCustomerReply,
  kSearchWord,
  kSearchRare,
  kSavedView,
  kBulkPriority,
  kGuestPage,
  kKindCount
};

constexpr std::array<const char*, kKindCount> kKindNames = {
    "queue status=open",    "queue assignee_id=me",    "queue priority=high",
    "queue sort=-priority", "queue (default)",         "agent view ticket",
    "agent note (write)",   "agent dashboard",         "customer list",
    "customer view",        "customer create (write)", "customer reply (write)",
    "search common words",  "search rare word",        "saved view page",
    "bulk 100 (write)",     "guest ticket page"};

// Words the seeder writes into subjects, descriptions and replies (each in
// a few percent to a quarter of the tickets), searched one or two at a time.
constexpr std::array<const char*, 16> kSearchWords = {
    "refund",   "invoice",    "spinner",     "webhook",          "truncated", "screenshot",
    "checkout", "deadline",   "charged",     "parcel",           "chrome",    "timeout",
    "export",   "two factor", "api gateway", "slack integration"};

// Tickets per bulk action: the most the route takes.
constexpr std::int64_t kBulkSize = 100;

struct Workload {
  Target target;
  Session agent;
  std::vector<Session> customers;
  std::int64_t max_ticket_id = 1;
  std::vector<std::int64_t> open_ticket_ids;  // take notes and changes: reply and bulk
  std::vector<std::pair<Kind, double>> mix;   // kind, weight
  std::int64_t view_id = 0;                   // the saved view scenario's
  std::vector<std::string> guest_tokens;      // magic links of the guest scenario's tickets
  double total_weight = 0;
};

Kind pick_kind(const Workload& w, Rng& rng) {
  double x = rng.uniform() * w.total_weight;
  for (const auto& [kind, weight] : w.mix) {
    if (x < weight) return kind;
    x -= weight;
  }
  return w.mix.back().first;
}

// Builds the next request of the given kind; returns the kind actually used
// (a customer without open tickets views one instead of replying).
Kind build_request(const Workload& w, Rng& rng, Kind kind, std::uint64_t serial, std::string& out) {
  const Target& t = w.target;
  const Session* who = &w.agent;
  std::string method = "GET", path, body;
  const Session* customer = w.customers.empty()
                                ? nullptr
                                : &w.customers[static_cast<size_t>(
                                      rng.below(static_cast<std::int64_t>(w.customers.size())))];
  if (kind == kCustomerReply && customer && customer->own_open_tickets.empty())
    kind = kCustomerView;
  if (kind == kCustomerView && customer && customer->own_tickets.empty()) kind = kCustomerList;
  switch (kind) {
    case kQueueOpen:
      path = "/agent/tickets?status=open";
      break;
    case kQueueMine:
      path = "/agent/tickets?assignee_id=me";
      break;
    case kQueueHigh:
      path = "/agent/tickets?priority=high";
      break;
    case kQueueByPriority:
      path = "/agent/tickets?sort=-priority";
      break;
    case kQueueDefault:
      path = "/agent/tickets";
      break;
    case kAgentView:
      path = "/agent/tickets/" + std::to_string(1 + rng.below(w.max_ticket_id));
      break;
    case kAgentNote: {
      std::int64_t id = w.open_ticket_ids[static_cast<size_t>(
          rng.below(static_cast<std::int64_t>(w.open_ticket_ids.size())))];
      method = "POST";
      path = "/agent/tickets/" + std::to_string(id) + "/note";
      body = "{\"body\":\"Benchmark note " + std::to_string(serial) +
             ": checked the logs, waiting for engineering.\"}";
      break;
    }
    case kAgentDashboard:
      path = "/agent/tickets/dashboard";
      break;
    case kCustomerList:
      who = customer ? customer : &w.agent;
      path = "/tickets";
      break;
    case kCustomerView:
      who = customer;
      path = "/tickets/" + std::to_string(customer->own_tickets[static_cast<size_t>(rng.below(
                               static_cast<std::int64_t>(customer->own_tickets.size())))]);
      break;
    case kCustomerCreate:
      who = customer ? customer : &w.agent;
      method = "POST";
      path = "/tickets";
      body = "{\"subject\":\"Benchmark ticket " + std::to_string(serial) +
             "\",\"description\":\"The export stops at about ten thousand rows and the file is "
             "truncated. Created by bench_load.\",\"priority\":\"low\"}";
      break;
    case kCustomerReply:
      who = customer;
      method = "POST";
      path = "/tickets/" +
             std::to_string(customer->own_open_tickets[static_cast<size_t>(
                 rng.below(static_cast<std::int64_t>(customer->own_open_tickets.size())))]) +
             "/reply";
      body =
          "{\"body\":\"It still happens, I just tried again (" + std::to_string(serial) + ").\"}";
      break;
    case kSearchWord: {
      // Percent-encoded blanks: one or two words.
      std::string q = kSearchWords[static_cast<size_t>(
          rng.below(static_cast<std::int64_t>(kSearchWords.size())))];
      for (auto at = q.find(' '); at != std::string::npos; at = q.find(' '))
        q.replace(at, 1, "%20");
      path = "/agent/tickets?q=" + q;
      break;
    }
    case kSearchRare:
      // The seeder ends each description with "Reference number NNNNNN".
      path = "/agent/tickets?q=" + std::to_string(100000 + rng.below(900000));
      break;
    case kSavedView:
      path = "/agent/tickets?view_id=" + std::to_string(w.view_id);
      break;
    case kBulkPriority: {
      // 100 consecutive tickets of those that take changes, from a random
      // start, moved to low or medium by turns: every request changes them.
      const auto n = static_cast<std::int64_t>(w.open_ticket_ids.size());
      const auto from =
          static_cast<size_t>(rng.below(std::max<std::int64_t>(1, n - kBulkSize + 1)));
      method = "POST";
      path = "/agent/tickets/bulk";
      body = "{\"action\":\"priority\",\"value\":\"";
      body += serial % 2 ? "low" : "medium";
      body += "\",\"ticket_ids\":[";
      for (size_t i = from; i < std::min(w.open_ticket_ids.size(), from + kBulkSize); ++i)
        body += (i > from ? "," : "") + std::to_string(w.open_ticket_ids[i]);
      body += "]}";
      break;
    }
    case kGuestPage: {
      // The magic link is the credential: a guest sends no session cookie.
      static const Session kNobody;
      who = &kNobody;
      path = "/widget/tickets/" + w.guest_tokens[static_cast<size_t>(
                                      rng.below(static_cast<std::int64_t>(w.guest_tokens.size())))];
      break;
    }
    case kKindCount:
      break;
  }
  out.clear();
  out += method;
  out += ' ';
  out += t.prefix;
  out += path;
  out += " HTTP/1.1\r\nHost: ";
  out += t.host_header;
  out += "\r\nAccept: application/json\r\nCookie: ";
  out += who->cookie;
  out += "\r\n";
  if (method == "POST") {
    out += "X-CSRF-Token: ";
    out += who->csrf;
    out += "\r\nContent-Type: application/json\r\nContent-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
  return kind;
}

// ---- the run ----------------------------------------------------------------

struct Stats {
  std::array<std::vector<std::uint32_t>, kKindCount> latency_us;  // every completed answer
  std::array<std::int64_t, kKindCount> errors{};                  // non-2xx and broken
  std::map<int, std::int64_t> statuses;                           // 0 = broken connection
  std::vector<std::string> samples;                               // a few error answers
  std::int64_t connect_failures = 0;
};

struct Conn {
  int fd = -1;
  std::string out;
  size_t out_off = 0;
  std::string in;
  Clock::time_point sent_at;
  Kind kind = kQueueDefault;
  bool in_flight = false;
  bool want_write = false;
};

struct RunWindow {
  Clock::time_point record_from;  // after the warm-up
  Clock::time_point deadline;
};

void worker(const Workload& w, int connections, std::uint64_t seed, RunWindow window,
            Stats& stats) {
  Rng rng(seed);
  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) throw std::runtime_error("epoll_create1 failed");
  std::vector<Conn> conns(static_cast<size_t>(connections));
  std::uint64_t serial = seed << 32;

  auto record = [&](Conn& c, int status) {
    auto now = Clock::now();
    if (now < window.record_from) return;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - c.sent_at).count();
    stats.statuses[status]++;
    if (status != 0) stats.latency_us[c.kind].push_back(static_cast<std::uint32_t>(us));
    if (status < 200 || status > 299) stats.errors[c.kind]++;
  };
  auto arm = [&](Conn& c, bool write) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (write ? EPOLLOUT : 0u);
    ev.data.ptr = &c;
    ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
    c.want_write = write;
  };
  auto open = [&](Conn& c) -> bool {
    c.fd = connect_loopback(w.target.port);
    if (c.fd < 0) return false;
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = &c;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    c.want_write = false;
    c.in.clear();
    return true;
  };
  auto shut = [&](Conn& c) {
    if (c.fd >= 0) {
      ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
      ::close(c.fd);
    }
    c.fd = -1;
    c.in_flight = false;
  };
  auto flush = [&](Conn& c) -> bool {
    while (c.out_off < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_off += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!c.want_write) arm(c, true);
        return true;
      } else {
        return false;
      }
    }
    if (c.want_write) arm(c, false);
    return true;
  };
  // Sends the next request, reconnecting first when needed; false when the
  // server cannot be reached at all.
  auto start = [&](Conn& c) -> bool {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (c.fd < 0 && !open(c)) return false;
      c.kind = build_request(w, rng, pick_kind(w, rng), ++serial, c.out);
      c.out_off = 0;
      c.sent_at = Clock::now();
      c.in_flight = true;
      if (flush(c)) return true;
      shut(c);
    }
    return false;
  };

  for (auto& c : conns) {
    if (!start(c)) {
      stats.connect_failures++;
      stats.samples.push_back("cannot connect: " + std::string(std::strerror(errno)));
    }
  }

  std::vector<epoll_event> events(256);
  char buf[65536];
  for (;;) {
    auto now = Clock::now();
    if (now >= window.deadline) break;
    int timeout_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(window.deadline - now).count() + 1);
    int n =
        ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), std::min(timeout_ms, 100));
    if (n < 0 && errno == EINTR) continue;
    for (int i = 0; i < n; ++i) {
      Conn& c = *static_cast<Conn*>(events[static_cast<size_t>(i)].data.ptr);
      if (c.fd < 0) continue;
      std::uint32_t ev = events[static_cast<size_t>(i)].events;
      bool broken = false;
      if ((ev & EPOLLOUT) && !flush(c)) broken = true;
      bool peer_closed = false;
      if (!broken && (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
        for (;;) {
          ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
          if (r > 0) {
            c.in.append(buf, static_cast<size_t>(r));
            if (static_cast<size_t>(r) < sizeof buf) break;
          } else if (r == 0) {
            peer_closed = true;
            break;
          } else if (errno == EINTR) {
            continue;
          } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
          } else {
            broken = true;
            break;
          }
        }
      }
      bool done = false, close_after = false;
      if (!broken && c.in_flight && !c.in.empty()) {
        Response res;
        try {
          size_t used = parse_response(c.in, res, false);
          if (used) {
            bool error = res.status < 200 || res.status > 299;
            if (error && stats.samples.size() < 5) {
              Response full;
              parse_response(c.in, full, true);
              stats.samples.push_back(std::string(kKindNames[c.kind]) + ": HTTP " +
                                      std::to_string(res.status) + " " + full.body.substr(0, 200));
            }
            record(c, res.status);
            c.in.erase(0, used);
            c.in_flight = false;
            done = true;
            close_after = res.close;
          }
        } catch (const std::exception& e) {
          if (stats.samples.size() < 5) stats.samples.push_back(e.what());
          broken = true;
        }
      }
      if (!done && (broken || peer_closed)) {
        if (c.in_flight) record(c, 0);
        shut(c);
        if (Clock::now() < window.deadline && !start(c)) stats.connect_failures++;
        continue;
      }
      if (done) {
        if (close_after || peer_closed) shut(c);
        if (Clock::now() < window.deadline && !start(c)) stats.connect_failures++;
      }
    }
  }
  for (auto& c : conns) shut(c);
  ::close(ep);
}

double percentile(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / 1000.0;
}

Target parse_url(const std::string& url, const std::string& prefix) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) throw std::runtime_error("--url must start with http://");
  std::string rest = url.substr(scheme.size());
  if (auto slash = rest.find('/'); slash != std::string::npos) rest = rest.substr(0, slash);
  auto colon = rest.rfind(':');
  std::string host = colon == std::string::npos ? rest : rest.substr(0, colon);
  if (host != "127.0.0.1" && host != "localhost")
    throw std::runtime_error("bench_load only talks to 127.0.0.1, not " + host);
  int port = colon == std::string::npos ? 80 : std::stoi(rest.substr(colon + 1));
  if (port <= 0 || port > 65535) throw std::runtime_error("bad port in --url");
  Target t;
  t.port = static_cast<unsigned short>(port);
  t.host_header = "127.0.0.1:" + std::to_string(port);
  std::string p = prefix;
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (!p.empty() && p.front() != '/') p = "/" + p;
  t.prefix = p;
  return t;
}

}  // namespace

// CPU seconds this process has used so far (all threads).
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  std::string url = "http://127.0.0.1:8080", prefix = "/support", email, password, scenario;
  std::string customer_format = "customer%d@bench.example";
  int connections = 64, threads = 2, customer_sessions = 8;
  double duration = 10, warmup = 0;
  std::uint64_t seed = 1;
  CLI::App app{"Closed-loop HTTP load driver for the Escalated API (127.0.0.1 only)"};
  app.add_option("--url", url, "Server base URL, http://127.0.0.1:PORT");
  app.add_option("--prefix", prefix, "Route prefix");
  app.add_option("--email", email, "Agent or admin e-mail")->required();
  app.add_option("--password", password, "Password (also used for the customers)")->required();
  app.add_option("--scenario", scenario,
                 "create | queue | view | reply | dashboard | customer | mixed | mixed-nodash | "
                 "search | saved-view | bulk | guest")
      ->required()
      ->check(CLI::IsMember({"create", "queue", "view", "reply", "dashboard", "customer", "mixed",
                             "mixed-nodash", "search", "saved-view", "bulk", "guest"}));
  app.add_option("--connections", connections, "Concurrent keep-alive connections")
      ->check(CLI::Range(1, 4096));
  app.add_option("--duration", duration, "Measured seconds")->check(CLI::Range(0.1, 3600.0));
  app.add_option("--warmup", warmup, "Seconds run before measuring")->check(CLI::Range(0.0, 600.0));
  app.add_option("--threads", threads, "Client threads")->check(CLI::Range(1, 64));
  app.add_option("--customers", customer_sessions,
                 "Customer sessions for create, customer and mixed")
      ->check(CLI::Range(1, 1000));
  app.add_option("--customer-email-format", customer_format,
                 "printf format of the seeded customers' e-mails");
  app.add_option("--seed", seed, "Random seed");
  CLI11_PARSE(app, argc, argv);

  try {
    Workload w;
    w.target = parse_url(url, prefix);
    const Target& t = w.target;
    if (scenario == "create") w.mix = {{kCustomerCreate, 1}};
    if (scenario == "queue")
      w.mix = {{kQueueOpen, 1},
               {kQueueMine, 1},
               {kQueueHigh, 1},
               {kQueueByPriority, 1},
               {kQueueDefault, 1}};
    if (scenario == "view") w.mix = {{kAgentView, 1}};
    if (scenario == "reply") w.mix = {{kAgentNote, 1}};
    if (scenario == "dashboard") w.mix = {{kAgentDashboard, 1}};
    if (scenario == "search") w.mix = {{kSearchWord, 1}, {kSearchRare, 1}};
    if (scenario == "saved-view") w.mix = {{kSavedView, 1}};
    if (scenario == "bulk") w.mix = {{kBulkPriority, 1}};
    if (scenario == "guest") w.mix = {{kGuestPage, 1}};
    if (scenario == "customer") w.mix = {{kCustomerList, 1}, {kCustomerView, 1}};
    if (scenario == "mixed" || scenario == "mixed-nodash") {
      // About half agents, half customers; 10% writes (note 4, create 3,
      // reply 3); the dashboard as often as an agent opens the home page.
      // mixed-nodash leaves the dashboard out, to show what it costs.
      w.mix = {{kQueueOpen, 5},     {kQueueMine, 5},      {kQueueHigh, 4},    {kQueueByPriority, 3},
               {kQueueDefault, 7},  {kAgentView, 20},     {kAgentNote, 4},    {kCustomerList, 18},
               {kCustomerView, 27}, {kCustomerCreate, 3}, {kCustomerReply, 3}};
      if (scenario == "mixed") w.mix.emplace_back(kAgentDashboard, 1);
    }
    for (const auto& [kind, weight] : w.mix) w.total_weight += weight;
    auto uses = [&](Kind k) {
      return std::any_of(w.mix.begin(), w.mix.end(), [k](const auto& m) { return m.first == k; });
    };

    const auto setup_start = Clock::now();
    w.agent = login(t, email, password);
    bool need_customers =
        uses(kCustomerList) || uses(kCustomerView) || uses(kCustomerCreate) || uses(kCustomerReply);
    if (need_customers) {
      for (int i = 1; i <= customer_sessions; ++i) {
        char address[256];
        std::snprintf(address, sizeof address, customer_format.c_str(), i);
        Session s = login(t, address, password);
        json::value page = get_json(t, s, "/tickets?limit=100");
        for (const auto& item : page.at("data").as_array()) {
          std::int64_t id = item.at("id").to_number<std::int64_t>();
          s.own_tickets.push_back(id);
          if (item.at("status").as_string() != "closed") s.own_open_tickets.push_back(id);
        }
        w.customers.push_back(std::move(s));
      }
    }
    {
      json::value page = get_json(t, w.agent, "/agent/tickets?sort=-created_at&limit=1");
      const auto& data = page.at("data").as_array();
      if (data.empty()) throw std::runtime_error("the helpdesk has no tickets; seed it first");
      w.max_ticket_id = data[0].at("id").to_number<std::int64_t>();
    }
    if (uses(kAgentNote) || uses(kBulkPriority)) {
      // Recently updated tickets are mostly open; keep those that take notes.
      // (The plain queue is used because a filter on several statuses sorts
      // every open ticket on a database without statistics.)
      std::string cursor;
      for (int pageno = 0; pageno < 10; ++pageno) {
        std::string path = "/agent/tickets?limit=100";
        if (!cursor.empty()) path += "&cursor=" + cursor;
        json::value page = get_json(t, w.agent, path);
        for (const auto& item : page.at("data").as_array()) {
          if (item.at("status").as_string() != "closed")
            w.open_ticket_ids.push_back(item.at("id").to_number<std::int64_t>());
        }
        const auto& next = page.at("next_cursor");
        if (!next.is_string()) break;
        cursor = std::string(next.as_string());
      }
      if (w.open_ticket_ids.empty())
        throw std::runtime_error("no open tickets to write notes on; seed the database first");
      if (uses(kBulkPriority) && static_cast<std::int64_t>(w.open_ticket_ids.size()) < kBulkSize)
        throw std::runtime_error("fewer than 100 open tickets for the bulk scenario");
    }
    if (uses(kSavedView)) {
      // A team's view of urgent work: open or pending, high and above.
      Response r = fetch(t, "POST", "/agent/views",
                         "Cookie: " + w.agent.cookie + "\r\nX-CSRF-Token: " + w.agent.csrf + "\r\n",
                         R"({"name":"Hot","query":"status:open,pending priority>=high"})");
      if (r.status != 201)
        throw std::runtime_error("saving the view answered HTTP " + std::to_string(r.status) +
                                 ": " + r.body.substr(0, 300));
      w.view_id = json::parse(r.body).at("id").to_number<std::int64_t>();
    }
    if (uses(kGuestPage)) {
      // Guest tickets with a short conversation each (two agent replies), as
      // a guest sees them after following the mailed link. The server needs
      // Guest.Enabled (bench/run.sh sets ESCALATED_GUEST_ENABLED).
      const std::string agent_headers =
          "Cookie: " + w.agent.cookie + "\r\nX-CSRF-Token: " + w.agent.csrf + "\r\n";
      for (int i = 0; i < 16; ++i) {
        const std::string n = std::to_string(i);
        Response r = fetch(t, "POST", "/widget/tickets", "",
                           "{\"name\":\"Guest " + n + "\",\"email\":\"guest" + n +
                               "@bench.example\",\"subject\":\"Parcel never arrived " + n +
                               "\",\"description\":\"The tracking page has said in transit "
                               "for nine days. Order 77" +
                               n + ".\"}");
        if (r.status != 201)
          throw std::runtime_error("a guest ticket answered HTTP " + std::to_string(r.status) +
                                   " (is Guest.Enabled on?): " + r.body.substr(0, 300));
        json::value made = json::parse(r.body);
        w.guest_tokens.emplace_back(made.at("token").as_string());
        std::string reference(made.at("reference").as_string());
        const std::string id =
            std::to_string(std::stoll(reference.substr(reference.find_first_of("0123456789"))));
        for (const char* reply : {"Sorry about that: I have asked the carrier.",
                                  "The carrier found it; it arrives tomorrow."}) {
          Response sent = fetch(t, "POST", "/agent/tickets/" + id + "/reply", agent_headers,
                                std::string("{\"body\":\"") + reply + "\"}");
          if (sent.status != 201)
            throw std::runtime_error("replying to a guest ticket answered HTTP " +
                                     std::to_string(sent.status) + ": " + sent.body.substr(0, 300));
        }
      }
    }
    const double setup_seconds = std::chrono::duration<double>(Clock::now() - setup_start).count();

    connections = std::max(connections, threads);
    RunWindow window;
    auto begin = Clock::now();
    const double cpu_before = cpu_seconds();
    window.record_from = begin + std::chrono::microseconds(static_cast<std::int64_t>(warmup * 1e6));
    window.deadline =
        window.record_from + std::chrono::microseconds(static_cast<std::int64_t>(duration * 1e6));
    std::vector<Stats> stats(static_cast<size_t>(threads));
    std::vector<std::thread> pool;
    std::vector<std::string> failures(static_cast<size_t>(threads));
    for (int i = 0; i < threads; ++i) {
      int share = connections / threads + (i < connections % threads ? 1 : 0);
      pool.emplace_back([&, i, share] {
        try {
          worker(w, share, seed * 1000 + static_cast<std::uint64_t>(i) + 1, window,
                 stats[static_cast<size_t>(i)]);
        } catch (const std::exception& e) {
          failures[static_cast<size_t>(i)] = e.what();
        }
      });
    }
    for (auto& th : pool) th.join();
    for (const auto& f : failures)
      if (!f.empty()) throw std::runtime_error(f);
    double measured = std::chrono::duration<double>(window.deadline - window.record_from).count();
    // The driver's own share of the machine, warm-up included.
    const double client_cores =
        (cpu_seconds() - cpu_before) / std::chrono::duration<double>(Clock::now() - begin).count();

    // Merge and print.
    Stats all;
    for (auto& s : stats) {
      for (int k = 0; k < kKindCount; ++k) {
        all.latency_us[k].insert(all.latency_us[k].end(), s.latency_us[k].begin(),
                                 s.latency_us[k].end());
        all.errors[k] += s.errors[k];
      }
      for (const auto& [code, n] : s.statuses) all.statuses[code] += n;
      all.connect_failures += s.connect_failures;
      for (auto& sample : s.samples)
        if (all.samples.size() < 5) all.samples.push_back(sample);
    }
    std::printf(
        "scenario %s: %d connections, %d client threads, %.1f s measured after %.1f s warm-up "
        "(setup %.2f s, %zu customer sessions)\n",
        scenario.c_str(), connections, threads, measured, warmup, setup_seconds,
        w.customers.size());
    std::printf("%-26s %9s %9s %8s %8s %8s %8s %7s\n", "request", "count", "req/s", "p50 ms",
                "p90 ms", "p99 ms", "max ms", "errors");
    std::vector<std::uint32_t> total;
    std::int64_t total_errors = 0;
    int kinds_used = 0;
    for (int k = 0; k < kKindCount; ++k) {
      auto& v = all.latency_us[k];
      if (v.empty() && all.errors[k] == 0) continue;
      ++kinds_used;
      std::sort(v.begin(), v.end());
      std::printf("%-26s %9zu %9.0f %8.2f %8.2f %8.2f %8.2f %7lld\n", kKindNames[k], v.size(),
                  static_cast<double>(v.size()) / measured, percentile(v, 0.5), percentile(v, 0.9),
                  percentile(v, 0.99), v.empty() ? 0.0 : v.back() / 1000.0,
                  static_cast<long long>(all.errors[k]));
      total.insert(total.end(), v.begin(), v.end());
      total_errors += all.errors[k];
    }
    std::sort(total.begin(), total.end());
    double rps = static_cast<double>(total.size()) / measured;
    if (kinds_used > 1) {
      std::printf("%-26s %9zu %9.0f %8.2f %8.2f %8.2f %8.2f %7lld\n", "TOTAL", total.size(), rps,
                  percentile(total, 0.5), percentile(total, 0.9), percentile(total, 0.99),
                  total.empty() ? 0.0 : total.back() / 1000.0,
                  static_cast<long long>(total_errors));
    }
    std::string codes;
    for (const auto& [code, n] : all.statuses)
      codes += (codes.empty() ? "" : ", ") + (code ? std::to_string(code) : std::string("broken")) +
               ": " + std::to_string(n);
    total_errors += all.connect_failures;
    if (all.connect_failures)
      codes += ", connect failures: " + std::to_string(all.connect_failures);
    std::printf("answers: %s\n", codes.c_str());
    std::printf("bench_load itself used %.2f cores while running\n", client_cores);
    for (const auto& sample : all.samples) std::printf("  error sample: %s\n", sample.c_str());
    std::printf(
        "BENCH_LOAD scenario=%s connections=%d requests=%zu rps=%.0f p50=%.2f p90=%.2f p99=%.2f "
        "max=%.2f errors=%lld client_cpu=%.2f\n",
        scenario.c_str(), connections, total.size(), rps, percentile(total, 0.5),
        percentile(total, 0.9), percentile(total, 0.99),
        total.empty() ? 0.0 : total.back() / 1000.0, static_cast<long long>(total_errors),
        client_cores);
    return total_errors > 0 ? 3 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
