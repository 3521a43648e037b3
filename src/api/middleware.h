// The helpdesk's middleware, in the order a request meets it (see
// Helpdesk::open): security headers and problem documents on the way out,
// then the mount point, browsers' HTML, who is calling, which route, whether
// the caller may use it, the CSRF check and the body limit.
#pragma once

#include <memory>
#include <string>

#include "api/web_assets.h"
#include "escalated/options.h"
#include "escalated/principal.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "security/rate_limiter.h"
#include "services/access/account_service.h"
#include "services/access/api_token_service.h"

namespace escalated::api {

// Adds the security headers to every response, whatever answered it.
// HSTS when the request came over TLS (or SecureCookies says the site is
// HTTPS behind a proxy); frame-ancestors from FrameAncestors.
http::Middleware security_headers(const Options& options);
// Turns exceptions from anything further in into problem documents.
http::Middleware problem_documents();
// Serves only paths under `mount` ("/support"; "" for the root) and strips it;
// GET / (outside a non-empty mount) redirects to the UI at {mount}/.
http::Middleware mount_point(std::string mount);
// Answers browsers that navigate (Accept: text/html) with the web UI's
// index.html, and so any client that does not ask for JSON at the bare
// prefix or at a path no route of `router` answers; serves the UI's build
// files under {mount}/assets/ (see WebAssets; `web_root` "" is the UI
// embedded at build time). {mount}/widget.js is left to its route.
http::Middleware browser_pages(std::string mount, std::shared_ptr<const WebAssets> ui,
                               const http::Router& router);
// Cross-site calls to {mount}/widget/* and {mount}/widget.js (the widget on a host page): only
// from Widget.AllowedOrigins, never with credentials (the magic link's
// token is the credential). Every answer there, problems included, varies
// on Origin; one to an allowed Origin names it in
// Access-Control-Allow-Origin, never with Allow-Credentials, so a browser
// neither sends the visitor's cookies along nor lets the host page read an
// answer made with them. A preflight (OPTIONS with
// Access-Control-Request-Method) is answered here: 204 for an allowed
// origin, 403 otherwise. Sits outside problem_documents, so it sees every
// answer.
http::Middleware widget_cors(std::string mount, const WidgetOptions& options);
// Finds the caller: the host's resolver when one is set, else the session cookie.
// Who is calling: the host's resolver in embedded mode; otherwise an API
// token (Authorization: Bearer; a bad one is 401 at once) or the session
// cookie.
http::Middleware identity(services::AccountService& accounts, services::ApiTokenService& tokens,
                          const IdentityResolver& resolver);
// The ability a token needs for a route: "admin" under /admin, reading or
// writing tickets elsewhere by method; nullopt for routes tokens may not use
// (account routes such as sign-in and password changes).
std::optional<std::string> required_ability(const std::string& method, const std::string& pattern);
// Finds the route (404, or 405 with Allow).
http::Middleware routing(const http::Router& router);
// Request budgets per route group (RateLimits): counted per API token, else
// per signed-in user, else per client IP. Every limited response carries
// X-RateLimit-Limit and X-RateLimit-Remaining; over budget is 429 with
// Retry-After. Limits are per process (each node counts its own).
http::Middleware rate_limits(const RateLimitOptions& options, security::RateLimiter& limiter);
// Enforces the route's declared Access (401, 403).
http::Middleware access_control();
// Cookie-authenticated writes must carry the session's X-CSRF-Token (403).
http::Middleware csrf_protection();
// The public account routes (POST /auth/...: sign-in, sign-up, sign-out,
// password reset) take only application/json (415 otherwise; an empty
// body without a Content-Type passes). Another site can make a browser
// post a form (urlencoded, multipart or text/plain) to them, never JSON.
// In embedded mode (`resolver` set) there are no such routes: they answer
// 404 whatever the body, so this check stands aside.
http::Middleware json_only_public_posts(const IdentityResolver& resolver);
// The route's declared body (http/body_rules.h), for hosts with their own
// server (the built-in one refuses before reading: Helpdesk::admit_body):
// 413 over its limit (64 KiB on public routes, MaxBodyBytes on others, the
// attachment limit for multipart/form-data, Email.MaxInboundKb for raw
// messages to POST /inbound/email), 415 for multipart/form-data where the
// route takes no files.
http::Middleware body_limit(const http::BodyLimits& limits);
// The same judgement, from the header alone (`length`: Content-Length).
http::BodyVerdict judge_body(const http::Route& route, const Request& request,
                             std::optional<std::size_t> length, const http::BodyLimits& limits);
// The problem document of a verdict of 413 or 415.
Response body_refusal(const http::BodyVerdict& verdict);

}  // namespace escalated::api
