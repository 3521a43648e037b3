// The Helpdesk: owns the database, the services and the route table, and
// answers requests: prefix, content negotiation, identity, access, CSRF, then
// the route's handler; every error leaves as a problem document.
#include "escalated/helpdesk.h"

#include <cstdio>

#include "api/api.h"
#include "core/clock.h"
#include "http/problem.h"
#include "security/tokens.h"
#include "services/housekeeping.h"
#include "store/database.h"
#include "store/maintenance.h"
#include "store/migrations.h"

namespace escalated {

namespace json = boost::json;

struct Helpdesk::Impl {
  Options options;
  std::unique_ptr<core::Clock> clock;
  core::ManualClock* manual_clock = nullptr;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<services::EventRelay> relay;
  std::unique_ptr<services::ServiceContext> ctx;
  std::unique_ptr<services::AccountService> accounts;
  std::unique_ptr<services::TicketService> tickets;
  std::unique_ptr<services::CatalogService> catalog;
  std::unique_ptr<services::SettingsService> settings;
  std::unique_ptr<services::Housekeeping> housekeeping;
  std::unique_ptr<api::ApiServices> api;
  http::Router router;
  IdentityResolver resolver;
  std::string mount;  // "/support", or "" at the root

  Response dispatch(const Request& req);
};

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

Response ui_placeholder(const std::string& mount) {
  Response r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.body =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Escalated</title></head><body><main><h1>Escalated helpdesk</h1>"
      "<p>The web interface is not built yet. The JSON API answers on this path for clients "
      "that send <code>Accept: application/json</code>; see <code>docs/openapi.yaml</code>.</p>"
      "<p>API root: <code>" +
      mount + "/</code></p></main></body></html>";
  return r;
}

void add_security_headers(Response& r) {
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "same-origin");
  r.set_header("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
  if (!r.header("Cache-Control")) r.set_header("Cache-Control", "no-store");
}

}  // namespace

Response Helpdesk::Impl::dispatch(const Request& req) {
  std::string_view path = req.path();
  if (!mount.empty()) {
    if (path.substr(0, mount.size()) != mount ||
        (path.size() > mount.size() && path[mount.size()] != '/')) {
      return http::problem(404, "Not Found", "Nothing is served at this path.");
    }
    path.remove_prefix(mount.size());
  }
  if (is_safe_method(req.method) && wants_html(req)) return ui_placeholder(mount);

  // Who is calling: the host's resolver in embedded mode, else the session cookie.
  std::optional<services::Actor> actor;
  std::string csrf_token;
  bool cookie_auth = false;
  if (resolver) {
    if (auto principal = resolver(req)) actor = accounts->resolve_principal(*principal);
  } else if (auto token = http::cookie_value(req, api::kSessionCookie); token && !token->empty()) {
    if (auto session = accounts->session(*token)) {
      actor = session->actor;
      csrf_token = session->csrf_token;
      cookie_auth = true;
    }
  }

  http::Match match = router.match(req.method, path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) {
      Response r =
          http::problem(405, "Method Not Allowed", "This path does not accept " + req.method + ".");
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      r.set_header("Allow", allow);
      return r;
    }
    return http::problem(404, "Not Found", "No route matches this path.");
  }
  const http::Route& route = *match.route;
  if (route.access != http::Access::kPublic) {
    if (!actor) return http::problem(401, "Unauthorized", "Sign in first.");
    bool allowed = route.access == http::Access::kUser ||
                   (route.access == http::Access::kStaff && actor->is_staff()) ||
                   (route.access == http::Access::kAdmin && actor->is_admin());
    if (!allowed) return http::problem(403, "Forbidden", "Your role may not use this route.");
  }
  // A cookie travels with every request the browser makes, including ones
  // another site triggers; the CSRF token proves the page itself asked.
  // Public routes (sign-in, registration, sign-out) act on no one's behalf.
  if (cookie_auth && !is_safe_method(req.method) && route.access != http::Access::kPublic) {
    auto sent = req.header("X-CSRF-Token");
    if (!sent || !security::constant_time_equals(*sent, csrf_token)) {
      return http::problem(403, "Forbidden", "The X-CSRF-Token header is missing or wrong.");
    }
  }
  if (req.body.size() > options.max_body_bytes) {
    return http::problem(413, "Content Too Large", "The body is larger than this server accepts.");
  }
  http::RequestContext ctx(req, std::move(match.params), actor);
  return route.handler(ctx);
}

Helpdesk::Helpdesk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Helpdesk::~Helpdesk() {
  if (impl_ && impl_->housekeeping) impl_->housekeeping->stop();
  if (impl_ && impl_->relay) impl_->relay->stop();
}

std::unique_ptr<Helpdesk> Helpdesk::open(const Options& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.test_clock) {
    auto manual = std::make_unique<core::ManualClock>();
    impl->manual_clock = manual.get();
    impl->clock = std::move(manual);
  } else {
    impl->clock = std::make_unique<core::SystemClock>();
  }
  impl->mount = options.route_prefix.empty() ? "" : "/" + options.route_prefix;
  impl->db = store::Database::open(options.database_url);
  store::migrate(*impl->db);
  impl->relay = std::make_unique<services::EventRelay>(*impl->db, *impl->clock);
  impl->ctx.reset(new services::ServiceContext{*impl->db,
                                               impl->options,
                                               *impl->clock,
                                               [relay = impl->relay.get()] { relay->notify(); },
                                               {}});
  impl->accounts = std::make_unique<services::AccountService>(*impl->ctx);
  impl->tickets = std::make_unique<services::TicketService>(*impl->ctx);
  impl->catalog = std::make_unique<services::CatalogService>(*impl->ctx);
  impl->settings = std::make_unique<services::SettingsService>(*impl->ctx);
  impl->housekeeping = std::make_unique<services::Housekeeping>(*impl->ctx);
  // Statistics for the planner now, so a restarted server plans well at once.
  store::refresh_planner_statistics(*impl->db);
  impl->api.reset(new api::ApiServices{impl->options, *impl->accounts, *impl->tickets,
                                       *impl->catalog, *impl->settings, *impl->relay,
                                       impl->manual_clock});
  api::register_auth_routes(impl->router, *impl->api);
  api::register_customer_routes(impl->router, *impl->api);
  api::register_agent_routes(impl->router, *impl->api);
  api::register_admin_routes(impl->router, *impl->api);
  if (options.test_clock) api::register_test_routes(impl->router, *impl->api);
  return std::unique_ptr<Helpdesk>(new Helpdesk(std::move(impl)));
}

Response Helpdesk::handle(const Request& request) {
  Response response;
  try {
    response = impl_->dispatch(request);
  } catch (...) {
    std::string log;
    response = http::problem_from_exception(std::current_exception(), log);
    if (!log.empty()) {
      std::fprintf(stderr, "error: %s %s: %s\n", request.method.c_str(),
                   std::string(request.path()).c_str(), log.c_str());
    }
  }
  add_security_headers(response);
  return response;
}

void Helpdesk::set_identity_resolver(IdentityResolver resolver) {
  impl_->resolver = std::move(resolver);
}
void Helpdesk::add_event_sink(std::shared_ptr<EventSink> sink) {
  impl_->relay->add_sink(std::move(sink));
}
size_t Helpdesk::dispatch_events() {
  return impl_->relay->dispatch_pending();
}
void Helpdesk::start_background_work() {
  impl_->relay->start();
}
void Helpdesk::stop_background_work() {
  impl_->relay->stop();
}
const Options& Helpdesk::options() const {
  return impl_->options;
}
const core::Clock& Helpdesk::clock() const {
  return *impl_->clock;
}
core::ManualClock* Helpdesk::manual_clock() {
  return impl_->manual_clock;
}
services::AccountService& Helpdesk::accounts() {
  return *impl_->accounts;
}
services::TicketService& Helpdesk::tickets() {
  return *impl_->tickets;
}
services::CatalogService& Helpdesk::catalog() {
  return *impl_->catalog;
}
services::SettingsService& Helpdesk::settings() {
  return *impl_->settings;
}
store::Database& Helpdesk::database() {
  return *impl_->db;
}

std::vector<std::string> Helpdesk::route_list() const {
  std::vector<std::string> out;
  for (const auto& r : impl_->router.routes())
    out.push_back(r.method + " " + impl_->mount + r.pattern);
  return out;
}

}  // namespace escalated
