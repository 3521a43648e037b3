// A host that embeds the helpdesk under /support, built against an installed
// Escalated only: its public headers and libescalated. It answers a few
// requests through Helpdesk::handle() and exits 0 when each answer is right.
//
//   consumer <directory for the SQLite file>
#include <escalated/helpdesk.h>
#include <escalated/version.h>

#include <cstdio>
#include <optional>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what.c_str());
  if (!ok) ++failures;
}

escalated::Request request(std::string method, std::string target, std::string body = "") {
  escalated::Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  r.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer DIRECTORY\n");
    return 2;
  }
  std::printf("Escalated %s (headers %d)\n", escalated::kVersion, ESCALATED_VERSION);
  expect(ESCALATED_VERSION_MAJOR == 1, "the headers are of version 1");

  escalated::Options options;
  options.database_url = std::string("sqlite:") + argv[1] + "/consumer.db";
  options.route_prefix = "support";
  options.log_requests = false;
  auto helpdesk = escalated::Helpdesk::open(options);
  // The host's own user, believed as it says.
  helpdesk->set_identity_resolver(
      [](const escalated::Request& r) -> std::optional<escalated::Principal> {
        if (r.header("X-Host-User") == "alice")
          return escalated::Principal{"host-1", "Alice", "alice@host.example", "customer"};
        return std::nullopt;
      });

  escalated::Request open = request("POST", "/support/tickets",
                                    R"({"subject":"Printer on fire","description":"Again."})");
  open.headers.emplace_back("X-Host-User", "alice");
  escalated::Response created = helpdesk->handle(open);
  expect(created.status == 201, "POST /support/tickets as the host's user: " +
                                    std::to_string(created.status) + " " + created.body);
  expect(created.body.find("Printer on fire") != std::string::npos, "the ticket is in the answer");

  escalated::Request list = request("GET", "/support/tickets");
  list.headers.emplace_back("X-Host-User", "alice");
  escalated::Response listed = helpdesk->handle(list);
  expect(listed.status == 200 && listed.body.find("Printer on fire") != std::string::npos,
         "GET /support/tickets lists it: " + std::to_string(listed.status));

  expect(helpdesk->handle(request("GET", "/support/tickets")).status == 401,
         "GET /support/tickets without a user is 401");
  expect(helpdesk->handle(request("GET", "/elsewhere")).status == 404,
         "paths outside /support are not the helpdesk's");

  // The web UI came with the library.
  escalated::Request page = request("GET", "/support/");
  page.headers = {{"Accept", "text/html"}};
  escalated::Response ui = helpdesk->handle(page);
  expect(ui.status == 200 && ui.body.find("/support/assets/") != std::string::npos,
         "GET /support/ (a browser) gets the embedded UI's index.html");

  std::printf("%s\n", failures == 0 ? "consumer: all good" : "consumer: FAILED");
  return failures == 0 ? 0 : 1;
}
