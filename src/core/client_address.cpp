#include "core/client_address.h"

#include <arpa/inet.h>

#include <charconv>

#include "core/text.h"

namespace escalated::core {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

std::optional<Bytes> parse_plain(const std::string& text) {
  Bytes out{};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    const auto* b = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) out[12 + i] = b[i];
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    for (int i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
    return out;
  }
  return std::nullopt;
}

bool is_v4_mapped(const Bytes& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

// The hops of X-Forwarded-For ("a, b, c") or of Forwarded's for= parameters
// ("for=a;proto=https, for=\"[v6]:1\""), left to right.
std::vector<std::string> hops_of(std::string_view header, bool forwarded) {
  std::vector<std::string> out;
  for (const auto& element : split_list(header, ',')) {
    if (!forwarded) {
      out.push_back(trim(element));
      continue;
    }
    std::string value;
    for (const auto& pair : split_list(element, ';')) {
      auto eq = pair.find('=');
      if (eq == std::string::npos) continue;
      if (lower(trim(pair.substr(0, eq))) != "for") continue;
      value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    }
    out.push_back(value);  // an element without for= is an unknown hop
  }
  return out;
}

}  // namespace

std::optional<Bytes> parse_ip(std::string_view text) {
  std::string t = trim(text);
  if (t.empty() || t.size() > 64) return std::nullopt;
  if (t.front() == '[') {
    auto close = t.find(']');
    if (close == std::string::npos) return std::nullopt;
    return parse_plain(t.substr(1, close - 1));
  }
  if (auto ip = parse_plain(t)) return ip;
  // "1.2.3.4:5678": an IPv4 address with a port.
  auto colon = t.find(':');
  if (colon != std::string::npos && t.find(':', colon + 1) == std::string::npos) {
    auto ip = parse_plain(t.substr(0, colon));
    if (ip && is_v4_mapped(*ip)) return ip;
  }
  return std::nullopt;
}

std::optional<IpNetwork> parse_ip_network(std::string_view text) {
  std::string t = trim(text);
  auto slash = t.find('/');
  std::string addr = t.substr(0, slash);
  if (addr.empty() || addr.front() == '[') return std::nullopt;
  auto ip = parse_plain(addr);
  if (!ip) return std::nullopt;
  bool v4 = addr.find(':') == std::string::npos;
  IpNetwork n;
  n.address = *ip;
  n.prefix_bits = 128;
  if (slash != std::string::npos) {
    std::string bits = t.substr(slash + 1);
    int value = -1;
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
    if (ec != std::errc() || end != bits.data() + bits.size() || bits.empty()) return std::nullopt;
    int max = v4 ? 32 : 128;
    if (value < 0 || value > max) return std::nullopt;
    n.prefix_bits = v4 ? value + 96 : value;
  }
  // No host bits beyond the prefix: "10.0.0.1/8" is most likely a mistake.
  for (int bit = n.prefix_bits; bit < 128; ++bit)
    if ((n.address[bit / 8] >> (7 - bit % 8)) & 1) return std::nullopt;
  return n;
}

bool contains(const IpNetwork& network, const Bytes& ip) {
  for (int bit = 0; bit < network.prefix_bits; ++bit) {
    int a = (network.address[bit / 8] >> (7 - bit % 8)) & 1;
    int b = (ip[bit / 8] >> (7 - bit % 8)) & 1;
    if (a != b) return false;
  }
  return true;
}

std::string client_address(std::string_view peer, std::optional<std::string_view> x_forwarded_for,
                           std::optional<std::string_view> forwarded,
                           const std::vector<IpNetwork>& trusted) {
  auto is_trusted = [&](const std::optional<Bytes>& ip) {
    if (!ip) return false;
    for (const auto& n : trusted)
      if (contains(n, *ip)) return true;
    return false;
  };
  std::string client(peer);
  if (trusted.empty() || !is_trusted(parse_ip(peer))) return client;
  std::vector<std::string> hops;
  if (x_forwarded_for)
    hops = hops_of(*x_forwarded_for, false);
  else if (forwarded)
    hops = hops_of(*forwarded, true);
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    auto ip = parse_ip(*hop);
    if (!ip) return client;  // garbage: believe only the proxy that passed it on
    std::string text = trim(*hop);
    if (text.front() == '[') text = text.substr(1, text.find(']') - 1);
    if (is_v4_mapped(*ip) && text.find(':') != std::string::npos &&
        text.find('.') != std::string::npos && text.find("::") == std::string::npos)
      text = text.substr(0, text.find(':'));  // "1.2.3.4:5678" without its port
    client = text;
    if (!is_trusted(ip)) return client;
  }
  return client;
}

}  // namespace escalated::core
