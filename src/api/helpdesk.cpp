// The Helpdesk: owns the database, the services, the route table and the
// middleware chain every request passes through (api/middleware.h).
#include "escalated/helpdesk.h"

#include <algorithm>
#include <charconv>

#include "api/agent_tools_routes.h"
#include "api/api.h"
#include "api/guest_routes.h"
#include "api/kb_routes.h"
#include "api/middleware.h"
#include "api/requester_routes.h"
#include "api/satisfaction_routes.h"
#include "api/saved_view_routes.h"
#include "core/client_address.h"
#include "core/clock.h"
#include "services/access/api_token_service.h"
#include "services/access/shared_login_failures.h"
#include "services/jobs/housekeeping.h"
#include "services/jobs/job_runner.h"
#include "services/mail/mail_dispatcher.h"
#include "services/mail/mail_fan_out.h"
#include "services/mail/mail_service.h"
#include "services/realtime/realtime_feed.h"
#include "services/realtime/realtime_hub.h"
#include "services/rules/rule_engine.h"
#include "services/rules/rule_service.h"
#include "services/sla/sla_engine.h"
#include "services/sla/sla_service.h"
#include "services/tickets/attachment_service.h"
#include "services/tickets/attachment_store.h"
#include "services/tickets/ticket_timers.h"
#include "services/tickets/ticket_writer.h"
#include "services/webhooks/webhook_dispatcher.h"
#include "services/webhooks/webhook_service.h"
#include "store/database.h"
#include "store/maintenance.h"
#include "store/migrations.h"
#include "store/role_repo.h"

namespace escalated {

struct Helpdesk::Impl {
  Options options;
  std::unique_ptr<core::Clock> clock;
  core::ManualClock* manual_clock = nullptr;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<services::EventRelay> relay;
  std::unique_ptr<services::ServiceContext> ctx;
  std::unique_ptr<services::JobRunner> jobs;
  std::unique_ptr<services::WebhookService> webhooks;
  std::unique_ptr<services::WebhookDispatcher> webhook_dispatcher;
  std::unique_ptr<services::SlaEngine> sla_engine;
  std::unique_ptr<services::TicketWriter> writer;
  std::unique_ptr<services::TicketTimers> timers;
  std::unique_ptr<services::SlaService> sla;
  std::unique_ptr<services::RuleEngine> rule_engine;
  std::unique_ptr<services::RuleService> rules;
  std::unique_ptr<services::TwoFactorService> two_factor;
  std::unique_ptr<services::AccountService> accounts;
  std::unique_ptr<services::ApiTokenService> api_tokens;
  std::unique_ptr<security::RateLimiter> rate_limiter;
  std::unique_ptr<security::LoginThrottle> login_throttle;
  std::vector<core::IpNetwork> trusted_proxies;
  std::unique_ptr<services::TicketService> tickets;
  std::unique_ptr<services::AttachmentStore> attachment_store;
  std::unique_ptr<services::AttachmentService> attachments;
  std::unique_ptr<services::CatalogService> catalog;
  std::unique_ptr<services::SettingsService> settings;
  std::unique_ptr<services::Housekeeping> housekeeping;
  std::unique_ptr<services::UserAdminService> user_admin;
  std::unique_ptr<services::RealtimeHub> realtime;
  std::unique_ptr<services::RealtimeFeed> realtime_feed;  // only with EnableRealTime
  std::unique_ptr<services::RoleService> roles;
  std::unique_ptr<services::AuditService> audit;
  std::unique_ptr<services::MacroService> macros;
  std::unique_ptr<api::ApiServices> api;
  std::unique_ptr<services::MailDispatcher> mail_dispatcher;
  std::unique_ptr<services::PasswordResetService> password_resets;
  std::unique_ptr<services::MailService> mail;
  std::unique_ptr<services::InboundMailService> inbound_mail;
  std::unique_ptr<services::SatisfactionService> satisfaction;
  std::unique_ptr<services::RequesterService> requesters;
  std::unique_ptr<services::KbService> kb;
  std::unique_ptr<services::GuestService> guests;
  std::unique_ptr<services::SavedViewService> views;
  http::Router router;
  http::Pipeline pipeline;
  IdentityResolver resolver;
  std::string mount;             // "/support", or "" at the root
  http::BodyLimits body_limits;  // what Body::kJson etc. stand for
};

Helpdesk::Helpdesk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Helpdesk::~Helpdesk() {
  if (impl_ && impl_->realtime_feed) impl_->realtime_feed->stop();
  if (impl_ && impl_->housekeeping) impl_->housekeeping->stop();
  if (impl_ && impl_->jobs) impl_->jobs->stop();
  if (impl_ && impl_->webhook_dispatcher) impl_->webhook_dispatcher->stop();
  if (impl_ && impl_->mail_dispatcher) impl_->mail_dispatcher->stop();
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
  for (const auto& proxy : options.trusted_proxies) {
    auto network = core::parse_ip_network(proxy);
    if (!network)
      throw ConfigError("TrustedProxies entries must be addresses or CIDRs such as 10.0.0.0/8 (" +
                        proxy + " is not)");
    impl->trusted_proxies.push_back(*network);
  }
  impl->db = store::Database::open(options.database_url);
  store::migrate(*impl->db);
  // The system roles' permissions are this version's, whatever an older one wrote.
  impl->db->write(
      [&](store::Connection& c) { store::roles::sync_system_roles(c, impl->clock->now()); });
  impl->relay = std::make_unique<services::EventRelay>(*impl->db, *impl->clock);
  // Commits that wrote events or timers wake the threads that act on them.
  impl->ctx.reset(new services::ServiceContext{*impl->db,
                                               impl->options,
                                               *impl->clock,
                                               [i = impl.get()] {
                                                 i->relay->notify();
                                                 if (i->jobs) i->jobs->notify();
                                                 if (i->webhook_dispatcher)
                                                   i->webhook_dispatcher->notify();
                                                 if (i->realtime_feed) i->realtime_feed->notify();
                                               },
                                               {}});
  impl->jobs = std::make_unique<services::JobRunner>(*impl->ctx);
  impl->webhooks = std::make_unique<services::WebhookService>(*impl->ctx);
  impl->webhook_dispatcher = std::make_unique<services::WebhookDispatcher>(*impl->ctx);
  impl->relay->add_sink(std::make_shared<services::WebhookFanOut>(*impl->webhooks));
  // Notification mail: the fan-out queues messages, the dispatcher sends them.
  impl->mail_dispatcher = std::make_unique<services::MailDispatcher>(*impl->ctx);
  auto wake_mail = [d = impl->mail_dispatcher.get()] { d->notify(); };
  impl->mail = std::make_unique<services::MailService>(*impl->ctx, wake_mail);
  impl->relay->add_sink(std::make_shared<services::MailFanOut>(*impl->ctx, wake_mail));
  impl->password_resets = std::make_unique<services::PasswordResetService>(*impl->ctx, wake_mail);
  impl->sla_engine = std::make_unique<services::SlaEngine>(*impl->ctx);
  impl->writer = std::make_unique<services::TicketWriter>(*impl->ctx, *impl->sla_engine);
  impl->timers = std::make_unique<services::TicketTimers>(*impl->ctx, *impl->writer);
  impl->timers->register_with(*impl->jobs);
  impl->sla = std::make_unique<services::SlaService>(*impl->ctx, *impl->sla_engine);
  impl->rule_engine = std::make_unique<services::RuleEngine>(*impl->ctx, *impl->writer);
  impl->rule_engine->register_with(*impl->jobs);
  impl->rules =
      std::make_unique<services::RuleService>(*impl->ctx, *impl->rule_engine, *impl->writer);
  impl->two_factor = std::make_unique<services::TwoFactorService>(*impl->ctx);
  impl->accounts = std::make_unique<services::AccountService>(*impl->ctx, *impl->two_factor);
  impl->api_tokens = std::make_unique<services::ApiTokenService>(*impl->ctx);
  impl->rate_limiter = std::make_unique<security::RateLimiter>(*impl->clock);
  if (options.rate_limits.enabled) {
    security::LoginThrottleOptions throttle;
    throttle.max_failures_per_account = throttle.max_failures_per_ip =
        options.rate_limits.login_max_failures;
    throttle.window = options.rate_limits.login_window_minutes * 60'000LL;
    // Kept in the database, so all nodes of a cluster count the same failures.
    impl->login_throttle = std::make_unique<security::LoginThrottle>(
        *impl->clock, throttle,
        std::make_shared<services::SharedLoginFailures>(*impl->db, throttle.window));
  }
  impl->tickets = std::make_unique<services::TicketService>(*impl->ctx, *impl->writer);
  impl->attachment_store = std::make_unique<services::DiskAttachmentStore>(
      services::attachment_directory(impl->options));
  impl->attachments =
      std::make_unique<services::AttachmentService>(*impl->ctx, *impl->attachment_store);
  impl->tickets->set_attachments(impl->attachments.get());
  impl->catalog = std::make_unique<services::CatalogService>(*impl->ctx);
  impl->settings = std::make_unique<services::SettingsService>(*impl->ctx);
  impl->housekeeping = std::make_unique<services::Housekeeping>(*impl->ctx);
  impl->user_admin = std::make_unique<services::UserAdminService>(*impl->ctx, *impl->accounts);
  impl->realtime = std::make_unique<services::RealtimeHub>(
      [tickets = impl->tickets.get()](const core::Actor& actor, std::int64_t ticket_id) {
        try {
          tickets->get(actor, std::to_string(ticket_id));
          return true;
        } catch (const core::NotFound&) {
          return false;
        }
      });
  if (options.enable_real_time) {
    // Not a time rule: it runs under the test clock too, and from open() so
    // hosts that serve with their own transport get it as well.
    impl->realtime_feed = std::make_unique<services::RealtimeFeed>(*impl->db, *impl->realtime);
    impl->realtime_feed->start();
  }
  impl->roles = std::make_unique<services::RoleService>(*impl->ctx);
  impl->audit = std::make_unique<services::AuditService>(*impl->ctx);
  // Statistics for the planner now, so a restarted server plans well at once.
  store::refresh_planner_statistics(*impl->db);
  impl->views = std::make_unique<services::SavedViewService>(*impl->ctx, *impl->tickets);
  impl->api.reset(new api::ApiServices{
      impl->options, *impl->accounts, *impl->tickets, *impl->catalog, *impl->settings, *impl->sla,
      *impl->rules, *impl->api_tokens, *impl->relay, *impl->jobs, impl->manual_clock,
      impl->resolver, *impl->two_factor, *impl->user_admin, *impl->roles, *impl->audit,
      *impl->views});
  api::register_auth_routes(impl->router, *impl->api, impl->login_throttle.get(),
                            *impl->password_resets);
  api::register_customer_routes(impl->router, *impl->api);
  api::register_agent_routes(impl->router, *impl->api);
  api::register_saved_view_routes(impl->router, *impl->views);
  api::register_admin_routes(impl->router, *impl->api);
  api::register_webhook_routes(impl->router, *impl->webhooks);
  api::register_attachment_routes(impl->router, *impl->attachments);
  api::register_realtime_routes(impl->router, *impl->api, *impl->realtime);
  api::register_mail_routes(impl->router, *impl->mail);
  impl->inbound_mail = std::make_unique<services::InboundMailService>(*impl->ctx, *impl->tickets);
  api::register_inbound_mail_routes(impl->router, *impl->inbound_mail);
  impl->satisfaction = std::make_unique<services::SatisfactionService>(*impl->ctx, *impl->writer);
  api::register_satisfaction_routes(impl->router, *impl->satisfaction, impl->options);
  impl->requesters = std::make_unique<services::RequesterService>(*impl->ctx);
  api::register_requester_routes(impl->router, *impl->requesters, impl->options);
  impl->kb = std::make_unique<services::KbService>(*impl->ctx);
  api::register_kb_routes(impl->router, *impl->kb, impl->options);
  impl->guests =
      std::make_unique<services::GuestService>(*impl->ctx, *impl->tickets, *impl->attachments,
                                               *impl->satisfaction, *impl->rate_limiter, wake_mail);
  api::register_guest_routes(impl->router, *impl->guests, impl->options);
  // The built UI, read once: the browser pages and the widget's script.
  auto web_ui = std::make_shared<const api::WebAssets>(impl->options.web_root, impl->mount);
  api::register_widget_script_route(impl->router, web_ui);
  impl->macros = std::make_unique<services::MacroService>(*impl->ctx, *impl->tickets);
  api::register_agent_tool_routes(impl->router, *impl->macros, impl->options);
  if (options.test_clock)
    api::register_test_routes(impl->router, *impl->api, *impl->webhook_dispatcher,
                              *impl->housekeeping, impl->mail_dispatcher.get());

  Impl& i = *impl;
  i.pipeline.use(api::security_headers(i.options));
  i.pipeline.use(api::widget_cors(i.mount, i.options.widget));
  i.pipeline.use(api::problem_documents());
  i.pipeline.use(api::mount_point(i.mount));
  i.pipeline.use(api::browser_pages(i.mount, web_ui, i.router));
  i.pipeline.use(api::identity(*i.accounts, *i.api_tokens, i.resolver));
  i.pipeline.use(api::routing(i.router));
  i.pipeline.use(api::rate_limits(i.options.rate_limits, *i.rate_limiter));
  i.pipeline.use(api::access_control());
  i.pipeline.use(api::csrf_protection());
  i.pipeline.use(api::json_only_public_posts(i.resolver));
  i.body_limits.json = i.options.max_body_bytes;
  i.body_limits.public_json = std::min<std::size_t>(64 * 1024, i.options.max_body_bytes);
  i.body_limits.multipart = i.options.attachments.max_multipart_bytes();
  i.body_limits.mail = static_cast<std::size_t>(i.options.email.max_inbound_kb) * 1024;
  i.pipeline.use(api::body_limit(i.body_limits));
  return std::unique_ptr<Helpdesk>(new Helpdesk(std::move(impl)));
}

Response Helpdesk::handle(const Request& request) {
  http::Exchange exchange(request);
  exchange.client_address =
      core::client_address(request.remote_address, request.header("X-Forwarded-For"),
                           request.header("Forwarded"), impl_->trusted_proxies);
  Response response = impl_->pipeline.run(exchange, [](http::Exchange& e) {
    http::RequestContext ctx(e.request, std::move(e.params), e.actor, e.client_address);
    return e.route->handler(ctx);
  });
  response.client_address = std::move(exchange.client_address);
  // A magic link's token is a credential: the log writes the route, not it.
  if (exchange.route && exchange.route->pattern.find("{token}") != std::string::npos)
    response.log_path = impl_->mount + exchange.route->pattern;
  return response;
}

BodyAdmission Helpdesk::admit_body(const Request& head) const {
  const Impl& i = *impl_;
  std::string_view path = head.path();
  const std::string& mount = i.mount;
  // Outside the mount point, or no route: nothing is served, so a body
  // gets the smallest limit.
  http::Route nowhere{"", "", http::Access::kPublic, nullptr, http::Body::kJson, {}, {}};
  const http::Route* route = &nowhere;
  if (path.substr(0, mount.size()) == mount &&
      (path.size() == mount.size() || path[mount.size()] == '/')) {
    path.remove_prefix(mount.size());
    if (const http::Route* found = i.router.match(head.method, path).route) route = found;
  }
  std::optional<std::size_t> length;
  if (auto text = head.header("Content-Length")) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec == std::errc() && end == text->data() + text->size()) length = n;
  }
  http::BodyVerdict verdict = api::judge_body(*route, head, length, i.body_limits);
  BodyAdmission out;
  out.max_bytes = verdict.max_bytes;
  if (verdict.status) out.refusal = api::body_refusal(verdict);
  return out;
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
  // Under the test clock jobs run only when a test asks (POST /_test/run-jobs),
  // so what a test sees between two steps never depends on a thread's timing.
  if (!impl_->manual_clock) {
    impl_->jobs->start();
    impl_->webhook_dispatcher->start();
    impl_->mail_dispatcher->start();
    impl_->housekeeping->start();
  }
}
void Helpdesk::stop_background_work() {
  impl_->housekeeping->stop();
  impl_->webhook_dispatcher->stop();
  impl_->mail_dispatcher->stop();
  impl_->jobs->stop();
  impl_->relay->stop();
}
size_t Helpdesk::run_due_jobs() {
  return impl_->jobs->run_due();
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
services::InboundMailService& Helpdesk::inbound_mail() {
  return *impl_->inbound_mail;
}
services::TicketService& Helpdesk::tickets() {
  return *impl_->tickets;
}
services::SatisfactionService& Helpdesk::satisfaction() {
  return *impl_->satisfaction;
}
services::SlaService& Helpdesk::sla() {
  return *impl_->sla;
}
services::RuleService& Helpdesk::rules() {
  return *impl_->rules;
}
services::CatalogService& Helpdesk::catalog() {
  return *impl_->catalog;
}
services::SettingsService& Helpdesk::settings() {
  return *impl_->settings;
}
services::ApiTokenService& Helpdesk::api_tokens() {
  return *impl_->api_tokens;
}
store::Database& Helpdesk::database() {
  return *impl_->db;
}

std::vector<std::string> Helpdesk::route_list() const {
  std::vector<std::string> out;
  for (const auto& r : route_access()) out.push_back(r.method + " " + r.path);
  return out;
}

std::vector<Helpdesk::RouteAccess> Helpdesk::route_access() const {
  std::vector<RouteAccess> out;
  for (const auto& r : impl_->router.routes())
    out.push_back({r.method, impl_->mount + r.pattern, http::to_string(r.access)});
  return out;
}

}  // namespace escalated
