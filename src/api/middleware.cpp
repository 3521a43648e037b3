#include "api/middleware.h"

#include <strings.h>

#include <spdlog/spdlog.h>
#include <algorithm>
#include <memory>
#include <string_view>

#include "api/api.h"
#include "api/web_assets.h"
#include "http/problem.h"
#include "http/request_context.h"
#include "security/html_sanitizer.h"
#include "security/tokens.h"

namespace escalated::api {

using http::Exchange;
using http::Next;

namespace {

bool is_safe_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

// Browsers navigating ask for HTML first; API clients ask for JSON.
bool wants_html(const Request& req) {
  auto accept = req.header("Accept");
  if (!accept) return false;
  auto html = accept->find("text/html");
  if (html == std::string_view::npos) return false;
  auto json_pos = accept->find("application/json");
  return json_pos == std::string_view::npos || html < json_pos;
}

// API clients name JSON (application/json, application/problem+json, …).
bool asks_for_json(const Request& req) {
  auto accept = req.header("Accept");
  return accept && accept->find("json") != std::string_view::npos;
}

}  // namespace

http::Middleware security_headers(const Options& options) {
  std::string ancestors = "'none'";
  if (!options.frame_ancestors.empty()) {
    ancestors.clear();
    for (const auto& origin : options.frame_ancestors)
      ancestors += (ancestors.empty() ? "" : " ") + origin;
  }
  std::string csp =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "object-src 'none'; frame-ancestors " +
      ancestors + "; base-uri 'self'";
  bool framable = !options.frame_ancestors.empty();
  bool https_site = options.secure_cookies.value_or(false);
  return [csp, framable, https_site](Exchange& e, const Next& next) {
    Response r = next(e);
    r.set_header("X-Content-Type-Options", "nosniff");
    // The widget's hosts may frame us; X-Frame-Options cannot name them.
    if (!framable) r.set_header("X-Frame-Options", "DENY");
    r.set_header("Referrer-Policy", "same-origin");
    // A route may send a stricter policy of its own (attachments do).
    if (!r.header("Content-Security-Policy")) r.set_header("Content-Security-Policy", csp);
    if (e.request.tls || https_site)
      r.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (!r.header("Cache-Control")) r.set_header("Cache-Control", "no-store");
    return r;
  };
}

http::Middleware widget_cors(std::string mount, const WidgetOptions& options) {
  std::string widget = mount + "/widget/";
  std::string script = mount + "/widget.js";
  return [widget = std::move(widget), script = std::move(script),
          origins = options.allowed_origins](Exchange& e, const Next& next) {
    if (e.path.substr(0, widget.size()) != widget && e.path != script) return next(e);
    auto origin = e.request.header("Origin");
    bool allowed =
        origin && std::find(origins.begin(), origins.end(), std::string(*origin)) != origins.end();
    if (e.request.method == "OPTIONS" && origin &&
        e.request.header("Access-Control-Request-Method")) {
      Response r = allowed ? Response{}
                           : http::problem(403, "Forbidden",
                                           "This origin may not call the widget API (see "
                                           "Widget.AllowedOrigins).");
      if (allowed) {
        r.status = 204;
        r.set_header("Access-Control-Allow-Origin", std::string(*origin));
        r.set_header("Access-Control-Allow-Methods", "GET, POST");
        r.set_header("Access-Control-Allow-Headers", "Content-Type, Accept");
        r.set_header("Access-Control-Max-Age", "600");
      }
      r.set_header("Vary", "Origin");
      return r;
    }
    Response r = next(e);
    r.set_header("Vary", "Origin");
    if (allowed) r.set_header("Access-Control-Allow-Origin", std::string(*origin));
    return r;
  };
}

http::Middleware problem_documents() {
  return [](Exchange& e, const Next& next) {
    try {
      return next(e);
    } catch (...) {
      std::string log;
      Response r = http::problem_from_exception(std::current_exception(), log);
      if (!log.empty()) {
        spdlog::error("{} {}: {}", e.request.method, e.request.path(), log);
      }
      return r;
    }
  };
}

http::Middleware mount_point(std::string mount) {
  return [mount = std::move(mount)](Exchange& e, const Next& next) {
    if (!mount.empty()) {
      std::string_view path = e.path;
      // The site's root leads to the UI.
      if ((path == "/" || path.empty()) &&
          (e.request.method == "GET" || e.request.method == "HEAD")) {
        Response r;
        r.status = 302;
        r.set_header("Location", mount + "/");
        return r;
      }
      if (path.substr(0, mount.size()) != mount ||
          (path.size() > mount.size() && path[mount.size()] != '/')) {
        return http::problem(404, "Not Found", "Nothing is served at this path.");
      }
      e.path.remove_prefix(mount.size());
    }
    return next(e);
  };
}

http::Middleware browser_pages(std::string mount, std::shared_ptr<const WebAssets> ui,
                               const http::Router& router) {
  return [mount = std::move(mount), ui, &router](Exchange& e, const Next& next) {
    if (e.request.method != "GET" && e.request.method != "HEAD") return next(e);
    // The hashed build files, whatever the Accept header says. Their names
    // change with their content, so browsers may keep them for a year.
    constexpr std::string_view kAssets = "/assets/";
    if (e.path.substr(0, kAssets.size()) == kAssets) {
      const WebAssets::File* file = ui->asset(e.path.substr(kAssets.size()));
      if (!file) return http::problem(404, "Not Found", "No such file in the web UI's build.");
      Response r;
      r.status = 200;
      r.headers.emplace_back("Content-Type", file->content_type);
      r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
      r.body = file->body;
      return r;
    }
    // A client that does not ask for JSON gets the UI too, at the bare
    // prefix and at any path no API route answers (the UI's router shows
    // the page, or its own "not found").
    if (!wants_html(e.request)) {
      if (asks_for_json(e.request)) return next(e);
      if (!e.path.empty() && e.path != "/") {
        http::Match match = router.match(e.request.method, e.path);
        if (match.route || !match.allowed_methods.empty()) return next(e);
      }
    }
    // The knowledge base renders its own pages (a search engine reads them
    // without running the app).
    constexpr std::string_view kKb = "/kb/";
    if (e.path.substr(0, kKb.size()) == kKb) return next(e);
    // The widget's API answers browsers too: a one-click rating link in a
    // mail is followed by a browser (GET /widget/ratings/...).
    constexpr std::string_view kWidget = "/widget/";
    if (e.path.substr(0, kWidget.size()) == kWidget || e.path == "/widget.js") return next(e);
    // Every navigation gets the single-page app; its router shows the page.
    Response r;
    r.status = 200;
    r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    if (const std::string* index = ui->index_html()) {
      r.body = *index;
      return r;
    }
    // Not built: say how, without telling visitors where the server's files are.
    r.body =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Escalated</title></head><body><main><h1>Escalated helpdesk</h1>"
        "<p>The web interface is not built into this server. Build it with <code>make "
        "run</code> (or <code>npm ci</code> and <code>npm run build</code> in <code>web/</code> "
        "before building the server, which embeds <code>web/dist</code>), or point "
        "<code>WebRoot</code> / <code>ESCALATED_WEB_ROOT</code> at a built copy, then restart "
        "the server.</p>"
        "<p>The JSON API answers on this path for clients that send <code>Accept: "
        "application/json</code>; see <code>docs/openapi.yaml</code>. API root: <code>" +
        security::html_escape(mount) + "/</code></p></main></body></html>";
    return r;
  };
}

std::optional<std::string> required_ability(const std::string& method, const std::string& pattern) {
  bool reads = method == "GET" || method == "HEAD";
  if (pattern == "/admin" || pattern.rfind("/admin/", 0) == 0)
    return std::string(services::abilities::kAdmin);
  if (pattern.rfind("/auth/", 0) == 0) {
    if (pattern == "/auth/me" && reads) return std::string(services::abilities::kTicketsRead);
    return std::nullopt;
  }
  return std::string(reads ? services::abilities::kTicketsRead
                           : services::abilities::kTicketsWrite);
}

http::Middleware identity(services::AccountService& accounts, services::ApiTokenService& tokens,
                          const IdentityResolver& resolver) {
  return [&accounts, &tokens, &resolver](Exchange& e, const Next& next) {
    auto authorization = e.request.header("Authorization");
    if (resolver) {
      if (auto principal = resolver(e.request)) e.actor = accounts.resolve_principal(*principal);
    } else if (authorization && authorization->size() >= 7 &&
               strncasecmp(authorization->data(), "Bearer ", 7) == 0) {
      // A token that was presented and is not good is an error, not an
      // anonymous request: the client should know its credential failed.
      auto identity = tokens.authenticate(authorization->substr(7));
      if (!identity) {
        Response r = http::problem(401, "Unauthorized",
                                   "The API token is malformed, unknown, expired or revoked.");
        r.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return r;
      }
      e.actor = identity->actor;
      e.token_abilities = std::move(identity->abilities);
      e.token_id = identity->token_id;
    } else if (auto token = http::cookie_value(e.request, kSessionCookie);
               token && !token->empty()) {
      if (auto session = accounts.session(*token)) {
        e.actor = session->actor;
        e.csrf_token = session->csrf_token;
        e.cookie_auth = true;
      }
    }
    return next(e);
  };
}

http::Middleware routing(const http::Router& router) {
  return [&router](Exchange& e, const Next& next) {
    http::Match match = router.match(e.request.method, e.path);
    if (!match.route) {
      if (!match.allowed_methods.empty()) {
        Response r = http::problem(405, "Method Not Allowed",
                                   "This path does not accept " + e.request.method + ".");
        std::string allow;
        for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
        r.set_header("Allow", allow);
        return r;
      }
      return http::problem(404, "Not Found", "No route matches this path.");
    }
    e.route = match.route;
    e.params = std::move(match.params);
    return next(e);
  };
}

http::Middleware access_control() {
  return [](Exchange& e, const Next& next) {
    const http::Access& access = e.route->access;
    if (access.kind() != http::Access::Kind::kPublic) {
      if (!e.actor) return http::problem(401, "Unauthorized", "Sign in first.");
      if (e.token_abilities) {
        auto needed = required_ability(e.route->method, e.route->pattern);
        if (!needed)
          return http::problem(403, "Forbidden", "API tokens cannot use account routes.");
        if (!services::ability_allows(*e.token_abilities, *needed))
          return http::problem(403, "Forbidden",
                               "The API token lacks the ability " + *needed + ".");
      }
      if (access.kind() == http::Access::Kind::kPermission && !e.actor->can(access.permission()))
        return http::problem(
            403, "Forbidden",
            "This needs the permission " + std::string(core::to_string(access.permission())) + ".");
    }
    return next(e);
  };
}

http::Middleware rate_limits(const RateLimitOptions& options, security::RateLimiter& limiter) {
  return [&options, &limiter](Exchange& e, const Next& next) {
    if (!options.enabled || !e.route) return next(e);
    const std::string& pattern = e.route->pattern;
    if (pattern.rfind("/_test/", 0) == 0) return next(e);
    const char* group = "api";
    const RateLimit* budget = &options.api;
    if (pattern.rfind("/auth/", 0) == 0) {
      group = "auth";
      budget = &options.auth;
    } else if (pattern == "/admin" || pattern.rfind("/admin/", 0) == 0) {
      group = "admin";
      budget = &options.admin;
    }
    std::string who = e.token_id ? "token:" + std::to_string(*e.token_id)
                      : e.actor  ? "user:" + std::to_string(e.actor->user_id)
                                 : "ip:" + e.client_address;
    security::RateDecision d = limiter.check_and_count(
        std::string(group) + "|" + who, budget->limit, budget->window_seconds * 1000LL);
    Response r = d.allowed ? next(e)
                           : http::problem(429, "Too Many Requests",
                                           "Too many requests; try again in " +
                                               std::to_string(d.retry_after_seconds) + " s.");
    r.set_header("X-RateLimit-Limit", std::to_string(d.limit));
    r.set_header("X-RateLimit-Remaining", std::to_string(d.remaining));
    if (!d.allowed) r.set_header("Retry-After", std::to_string(d.retry_after_seconds));
    return r;
  };
}

http::Middleware csrf_protection() {
  // A cookie travels with every request the browser makes, including ones
  // another site triggers; the CSRF token proves the page itself asked.
  // Public routes (sign-in, registration, sign-out) act on no one's behalf;
  // POST /inbound/email is public too, authenticated by its shared secret
  // header, which no other site can make a browser send.
  return [](Exchange& e, const Next& next) {
    if (e.cookie_auth && !is_safe_method(e.request.method) &&
        e.route->access != http::Access::kPublic) {
      auto sent = e.request.header("X-CSRF-Token");
      if (!sent || !security::constant_time_equals(*sent, e.csrf_token)) {
        return http::problem(403, "Forbidden", "The X-CSRF-Token header is missing or wrong.");
      }
    }
    return next(e);
  };
}

http::Middleware json_only_public_posts(const IdentityResolver& resolver) {
  return [&resolver](Exchange& e, const Next& next) {
    if (!resolver && e.request.method == "POST" && e.route->access == http::Access::kPublic &&
        e.route->pattern.rfind("/auth/", 0) == 0) {
      auto type = e.request.header("Content-Type");
      bool json = false;
      if (type) {
        std::string_view head = type->substr(0, type->find(';'));
        while (!head.empty() && (head.back() == ' ' || head.back() == '\t')) head.remove_suffix(1);
        json = head.size() == 16 && strncasecmp(head.data(), "application/json", 16) == 0;
      }
      if (!json && (type || !e.request.body.empty()))
        return http::problem(415, "Unsupported Media Type",
                             "This route takes only application/json.");
    }
    return next(e);
  };
}

http::BodyVerdict judge_body(const http::Route& route, const Request& request,
                             std::optional<std::size_t> length, const http::BodyLimits& limits) {
  return http::judge_body(route.body, route.access == http::Access::kPublic,
                          request.header("Content-Type").value_or(""), length, limits);
}

Response body_refusal(const http::BodyVerdict& verdict) {
  return http::problem(verdict.status,
                       verdict.status == 415 ? "Unsupported Media Type" : "Content Too Large",
                       verdict.detail);
}

http::Middleware body_limit(const http::BodyLimits& limits) {
  return [limits](Exchange& e, const Next& next) {
    http::BodyVerdict verdict = judge_body(*e.route, e.request, e.request.body.size(), limits);
    if (verdict.status) return body_refusal(verdict);
    return next(e);
  };
}

}  // namespace escalated::api
