// The embedding surface. A host opens a Helpdesk with its Options, optionally
// tells it who is calling (IdentityResolver) and where events go
// (EventSink), and either hands it requests from its own HTTP server
// (handle) or runs the built-in one (escalated/server.h).
//
//   escalated::Options options;
//   options.database_url = "sqlite:helpdesk.db";
//   auto helpdesk = escalated::Helpdesk::open(options);
//   helpdesk->set_identity_resolver([](const escalated::Request& r) { ... });
//   escalated::Response res = helpdesk->handle(request);
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "escalated/events.h"
#include "escalated/http.h"
#include "escalated/options.h"
#include "escalated/principal.h"

namespace escalated {

namespace core {
class Clock;
class ManualClock;
}  // namespace core
namespace store {
class Database;
}
namespace services {
class AccountService;
class TicketService;
class CatalogService;
class SettingsService;
class EventRelay;
class ApiTokenService;
class InboundMailService;
class SatisfactionService;
class SlaService;
class RuleService;
}  // namespace services

class Helpdesk {
 public:
  // Opens the database, applies pending migrations and prepares the routes.
  // Throws ConfigError or store::DatabaseError when it cannot.
  static std::unique_ptr<Helpdesk> open(const Options& options);
  ~Helpdesk();

  // Answers one request. Paths outside the route prefix get 404. Thread-safe:
  // call from as many threads as the host's server uses.
  Response handle(const Request& request);
  // The body limit of the route `head` (a request without its body) goes
  // to, by its declaration: 64 KiB on routes anyone may call, MaxBodyBytes
  // on the others, multipart/form-data only where a route takes files.
  // handle() applies the same rules; a server calls this once the header is
  // read, to refuse a body before reading it (HttpServer::admit_bodies).
  BodyAdmission admit_body(const Request& head) const;

  // Runs the built-in HTTP server (escalated/server.h) on options().listen,
  // with the background work, until SIGTERM or SIGINT; then drains, delivers
  // the events still pending and returns. `on_listening` is called with the
  // bound port once connections are accepted (useful with port 0). Defined in
  // the escalated_server library, the one that links Boost.Beast.
  void serve(const std::function<void(unsigned short port)>& on_listening = nullptr);

  // Embedded mode: the host says who is calling. When set, it replaces the
  // built-in session cookies (and so CSRF checks, which the host owns).
  void set_identity_resolver(IdentityResolver resolver);
  // Adds a receiver of domain events (see events.h).
  void add_event_sink(std::shared_ptr<EventSink> sink);
  // Delivers pending events now, on this thread; returns how many. The
  // background relay does the same on its own once start_background_work()
  // has been called.
  size_t dispatch_events();
  // Runs every durable job due by the clock now (SLA timers, snooze wake-ups,
  // auto-close ...), on this thread; returns how many ran. The background
  // runner does the same on its own once start_background_work() has been
  // called, except under the test clock.
  size_t run_due_jobs();
  // Starts the event relay, the job runner and housekeeping threads.
  void start_background_work();
  void stop_background_work();

  const Options& options() const;
  // The clock every rule reads. With options.test_clock it is a ManualClock
  // (see manual_clock()), otherwise the system clock.
  const core::Clock& clock() const;
  core::ManualClock* manual_clock();

  // The services, for hosts that act on the helpdesk directly in C++.
  services::AccountService& accounts();
  services::TicketService& tickets();
  services::CatalogService& catalog();
  services::SettingsService& settings();
  services::ApiTokenService& api_tokens();
  services::InboundMailService& inbound_mail();
  services::SatisfactionService& satisfaction();
  services::SlaService& sla();
  services::RuleService& rules();
  store::Database& database();

  // The registered routes as "METHOD /prefix/pattern", for documentation checks.
  std::vector<std::string> route_list() const;
  // Each route with who may call it: "public", "user" (any signed-in user)
  // or the permission slug it needs ("ticket.view").
  struct RouteAccess {
    std::string method;
    std::string path;  // "/support/tickets/{id}"
    std::string access;
  };
  std::vector<RouteAccess> route_access() const;

 private:
  struct Impl;
  explicit Helpdesk(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace escalated
