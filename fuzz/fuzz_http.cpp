// The HTTP request path: every request goes through Helpdesk::handle, the
// same router, middleware (sessions, CSRF, bearer tokens, budgets, body
// checks) and handlers that the built-in server and embedding hosts call.
// Half the inputs are raw requests ("METHOD TARGET\nHeader: v\n\nbody") for
// the router and the middleware; the other half pick a registered route and
// send the rest as its JSON body, so that every body decoder is reached with
// a caller who may call it.
//
// What counts as a finding: a crash, a sanitizer report, or a 5xx answer
// (each handler turns bad input into a 4xx; a 5xx here is an exception that
// nothing expected).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "escalated/helpdesk.h"
#include "fuzz_input.h"
#include "services/access/account_service.h"
#include "services/access/api_token_service.h"

namespace {

namespace fs = std::filesystem;
using escalated::Helpdesk;
using escalated::Request;
using escalated::Response;

struct Caller {
  std::vector<std::pair<std::string, std::string>> headers;
};

struct World {
  fs::path dir;
  std::unique_ptr<Helpdesk> helpdesk;
  std::vector<Helpdesk::RouteAccess> routes;
  std::vector<Caller> callers;  // anonymous, customer, agent (cookies), admin (bearer)
};

World* world = nullptr;

Caller session_of(escalated::services::AccountService& accounts, std::int64_t user_id) {
  auto user = accounts.find(user_id);
  auto signed_in = accounts.open_session(*user);
  return {{{"Cookie", std::string("escalated_session=") + signed_in.session_token},
           {"X-CSRF-Token", signed_in.csrf_token}}};
}

void open_world() {
  world = new World;
  char dir_template[] = "/tmp/escalated-fuzz-XXXXXX";
  if (!mkdtemp(dir_template)) std::abort();
  world->dir = dir_template;
  // The directory goes when the process ends normally; a crash leaves it,
  // next to the reproducer, for a look at what the database held.
  std::atexit([] { fs::remove_all(world->dir); });

  escalated::Options options;
  options.database_url = "sqlite:" + (world->dir / "fuzz.db").string();
  options.attachments.directory = (world->dir / "attachments").string();
  options.test_clock = true;
  options.email.inbound_secret = "fuzz-inbound-secret";
  world->helpdesk = Helpdesk::open(options);
  world->routes = world->helpdesk->route_access();

  auto& accounts = world->helpdesk->accounts();
  std::int64_t customer =
      accounts
          .create_user({"Cara Customer", "cara@example.com", "fuzz-password-1", {"customer"}},
                       nullptr)
          .id;
  std::int64_t agent =
      accounts.create_user({"Avi Agent", "avi@example.com", "fuzz-password-2", {"agent"}}, nullptr)
          .id;
  accounts.create_user({"Ada Admin", "ada@example.com", "fuzz-password-3", {"admin"}}, nullptr);
  auto token =
      world->helpdesk->api_tokens().create_for_email("ada@example.com", {"fuzz", {"*"}, {}, {}});

  world->callers.push_back({});
  world->callers.push_back(session_of(accounts, customer));
  world->callers.push_back(session_of(accounts, agent));
  world->callers.push_back({{{"Authorization", "Bearer " + token.secret}}});

  // Something for the id-taking routes to find: a ticket of the customer's.
  Request open_ticket{"POST", "/support/tickets", world->callers[1].headers,
                      R"({"subject":"Printer on fire","description":"It smokes."})", "127.0.0.1"};
  open_ticket.headers.emplace_back("Content-Type", "application/json");
  if (world->helpdesk->handle(open_ticket).status != 201) std::abort();
}

// "/support/tickets/{id}/replies/{reply}" with each parameter a small number
// (or, now and then, something that is not one).
std::string fill_pattern(const std::string& pattern, std::uint8_t choice) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    i = pattern.find('}', i);
    if (choice == 255)
      out += "%ff%00x";
    else if (choice == 254)
      out += "99999999999999999999";
    else
      out += std::to_string(choice % 4);
  }
  return out;
}

Request raw_request(escalated::fuzz::FuzzInput& in) {
  Request r;
  std::string_view line = in.until("\n");
  std::size_t space = line.find(' ');
  r.method = std::string(line.substr(0, space));
  r.target = space == std::string_view::npos ? "/" : std::string(line.substr(space + 1));
  for (std::string_view h = in.until("\n"); !h.empty(); h = in.until("\n")) {
    std::size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::string(h.substr(0, colon)), std::string(value));
  }
  r.body = std::string(in.rest());
  return r;
}

Request route_request(escalated::fuzz::FuzzInput& in) {
  const auto& route = world->routes[(in.byte() << 8 | in.byte()) % world->routes.size()];
  Request r;
  r.method = route.method;
  r.target = fill_pattern(route.path, in.byte());
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::string(in.rest());
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  open_world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  escalated::fuzz::FuzzInput in(data, size);
  const Caller& caller = world->callers[in.byte() % world->callers.size()];
  Request request = (in.byte() & 1) ? route_request(in) : raw_request(in);
  request.headers.insert(request.headers.end(), caller.headers.begin(), caller.headers.end());
  request.remote_address = "192.0.2.7";
  // A minute per request: budgets refill and time rules move, as in a day of use.
  world->helpdesk->manual_clock()->advance(60'000);
  Response response = world->helpdesk->handle(request);
  if (response.status < 100 || response.status >= 500) {
    std::fprintf(stderr, "%s %s answered %d: %s\n", request.method.c_str(), request.target.c_str(),
                 response.status, response.body.c_str());
    std::abort();
  }
  return 0;
}
