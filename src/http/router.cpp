#include "http/router.h"

#include <algorithm>

namespace escalated::http {

std::string to_string(Access access) {
  switch (access.kind()) {
    case Access::Kind::kPublic:
      return "public";
    case Access::Kind::kUser:
      return "user";
    case Access::Kind::kPermission:
      return std::string(core::to_string(access.permission()));
  }
  return "public";
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(percent_decode(path.substr(i, end - i)));
    i = end;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i <= query.size() && !query.empty()) {
    size_t end = query.find('&', i);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(i, end - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(percent_decode(part, true), "");
      } else {
        out.emplace_back(percent_decode(part.substr(0, eq), true),
                         percent_decode(part.substr(eq + 1), true));
      }
    }
    if (end == query.size()) break;
    i = end + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler,
                 std::string summary) {
  add(std::move(method), std::move(pattern), access, Body::kJson, std::move(handler),
      std::move(summary));
}

void Router::add(std::string method, std::string pattern, Access access, Body body, Handler handler,
                 std::string summary) {
  std::vector<std::string> segments = split_path(pattern);
  routes_.push_back(Route{std::move(method), std::move(pattern), access, std::move(handler), body,
                          std::move(summary), std::move(segments)});
}

Match Router::match(std::string_view method, std::string_view path) const {
  // HEAD is GET without the body (the server drops it).
  if (method == "HEAD") method = "GET";
  std::vector<std::string> segments = split_path(path);
  Match best;
  int best_score = -1;
  for (const Route& route : routes_) {
    const std::vector<std::string>& pattern = route.segments;
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    int score = 0;
    bool ok = true;
    for (size_t i = 0; i < pattern.size() && ok; ++i) {
      const std::string& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (segments[i].empty()) ok = false;
        params[p.substr(1, p.size() - 2)] = segments[i];
      } else if (p == segments[i]) {
        score += 1 << (pattern.size() - i);  // earlier literal segments weigh more
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    if (route.method != method) {
      auto& allowed = best.allowed_methods;
      if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end())
        allowed.push_back(route.method);
      continue;
    }
    if (score > best_score) {
      best_score = score;
      best.route = &route;
      best.params = std::move(params);
    }
  }
  return best;
}

}  // namespace escalated::http
