// embed_example: a host service that embeds the Escalated helpdesk.
//
// The host owns its users, its authentication and its own routes. It mounts
// the helpdesk under /support and tells it, on every request, who is calling
// (the IdentityResolver). It receives the helpdesk's domain events through an
// EventSink. Everything else (tickets, replies, roles, the JSON API) is the
// helpdesk's.
//
//   embed_example [--listen HOST:PORT] [--database URL]
//
//   curl -H 'Authorization: Bearer host-token-alice' -H 'Content-Type: application/json'
//        -d '{"subject":"Printer on fire","description":"Again."}'
//        http://127.0.0.1:8090/support/tickets
//
// See README.md in this directory.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "escalated/events.h"
#include "escalated/helpdesk.h"
#include "escalated/http.h"
#include "escalated/options.h"
#include "escalated/principal.h"
#include "escalated/server.h"

namespace {

// ---------------------------------------------------------------------------
// The host's own users. A real service has a user database; this one has a
// table. `id` is the host's stable user id, which becomes the helpdesk's
// external_id ("host-user-<id>"), so renaming a user or changing their e-mail
// address on the host side keeps their tickets.
struct HostUser {
  int id;
  std::string_view login;
  std::string_view name;
  std::string_view email;
  std::string_view role;  // the helpdesk role: "customer", "agent" or "admin"
};

constexpr HostUser kUsers[] = {
    {1, "alice", "Alice Archer", "alice@host.example", "customer"},
    {2, "bob", "Bob Baker", "bob@host.example", "agent"},
    {3, "carol", "Carol Chen", "carol@host.example", "admin"},
    {4, "dave", "Dave Dunn", "dave@host.example", "customer"},
};

const HostUser* find_user(std::string_view login) {
  for (const HostUser& u : kUsers)
    if (u.login == login) return &u;
  return nullptr;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The host's authentication: `Authorization: Bearer host-token-<login>`.
// This is a stand-in for whatever the real service uses (a session lookup,
// a JWT check, mTLS, ...): the point is only that the HOST decides who is
// calling, and the helpdesk believes it.
const HostUser* authenticate(const escalated::Request& request) {
  auto header = request.header("Authorization");
  if (!header) return nullptr;
  constexpr std::string_view kScheme = "Bearer ";
  constexpr std::string_view kTokenPrefix = "host-token-";
  if (header->size() < kScheme.size() || !iequals(header->substr(0, kScheme.size()), kScheme))
    return nullptr;
  std::string_view token = header->substr(kScheme.size());
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return nullptr;
  return find_user(token.substr(kTokenPrefix.size()));
}

// The IdentityResolver: the host's user as the helpdesk's Principal, or
// nullopt for an anonymous caller (the helpdesk then answers 401 on every
// route that needs a user). Called on the server's threads, concurrently.
std::optional<escalated::Principal> resolve_identity(const escalated::Request& request) {
  const HostUser* user = authenticate(request);
  if (!user) return std::nullopt;
  return escalated::Principal{"host-user-" + std::to_string(user->id), std::string(user->name),
                              std::string(user->email), std::string(user->role)};
}

// ---------------------------------------------------------------------------
// An EventSink that logs one line per domain event and counts them. A real
// host would enqueue a notification, update a search index, etc. on_event
// runs on the helpdesk's relay thread, after the change has committed; if it
// throws, the event stays pending and is offered again.
class LoggingSink : public escalated::EventSink {
 public:
  void on_event(const escalated::Event& event) override {
    count_.fetch_add(1, std::memory_order_relaxed);
    std::printf("event %s ticket=%lld (outbox #%lld)\n", event.type.c_str(),
                static_cast<long long>(event.ticket_id), static_cast<long long>(event.id));
    std::fflush(stdout);
  }
  size_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<size_t> count_{0};
};

// ---------------------------------------------------------------------------
// The host's router: its own routes, the helpdesk under its mount, else 404.
escalated::Response text(int status, std::string content_type, std::string body) {
  escalated::Response r;
  r.status = status;
  r.set_header("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

class Host {
 public:
  explicit Host(escalated::Helpdesk& helpdesk)
      : helpdesk_(helpdesk), mount_("/" + helpdesk.options().route_prefix) {}

  escalated::Response handle(const escalated::Request& request) const {
    std::string_view path = request.path();

    // Everything under the mount belongs to the helpdesk (which checks the
    // prefix again and answers its own 404s and 405s below it).
    if (path == mount_ || path.substr(0, mount_.size() + 1) == mount_ + "/") {
      escalated::Response r = helpdesk_.handle(request);
      // The helpdesk says 401 but not how to authenticate: that is the host's
      // business.
      if (r.status == 401) r.set_header("WWW-Authenticate", "Bearer realm=\"embed_example\"");
      return r;
    }

    if (path == "/" || path == "/health") {
      if (request.method != "GET" && request.method != "HEAD") {
        escalated::Response r = text(405, "text/plain; charset=utf-8", "method not allowed\n");
        r.set_header("Allow", "GET, HEAD");
        return r;
      }
      if (path == "/health") return text(200, "application/json", "{\"status\":\"ok\"}");
      std::string body =
          "embed_example: a host service with an embedded Escalated helpdesk.\n"
          "\n"
          "  " +
          mount_ +
          "/...   the helpdesk's JSON API\n"
          "  /health        this service's health check\n"
          "\n"
          "Authenticate as one of the host's users with\n"
          "  Authorization: Bearer host-token-<login>\n"
          "Users:";
      for (const HostUser& u : kUsers)
        body += " " + std::string(u.login) + " (" + std::string(u.role) + ")";
      body += "\n";
      return text(200, "text/plain; charset=utf-8", body);
    }

    return text(404, "text/plain; charset=utf-8", "not found\n");
  }

 private:
  escalated::Helpdesk& helpdesk_;
  std::string mount_;  // "/support"
};

// ---------------------------------------------------------------------------
// Command line: --listen HOST:PORT and --database URL.
struct Args {
  std::string host = "127.0.0.1";
  unsigned short port = 8090;
  std::string database = "sqlite:embed-example.db";
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: embed_example [--listen HOST:PORT] [--database URL]\n"
               "  --listen HOST:PORT  where to serve (default 127.0.0.1:8090; port 0 picks one)\n"
               "  --database URL      sqlite:PATH or postgresql://... "
               "(default sqlite:embed-example.db)\n");
}

// "127.0.0.1:8090", "[::1]:0" -> host and port; false when malformed.
bool parse_listen(std::string_view listen, Args& args) {
  auto colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == listen.size()) return false;
  std::string_view host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned long port = 0;
  for (char c : listen.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + static_cast<unsigned long>(c - '0');
    if (port > 65535) return false;
  }
  args.host = std::string(host);
  args.port = static_cast<unsigned short>(port);
  return true;
}

// Returns the parsed arguments, or nullopt after printing why not.
std::optional<Args> parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      std::exit(0);
    }
    // Accept both "--flag value" and "--flag=value".
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (auto eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (name != "--listen" && name != "--database") {
      std::fprintf(stderr, "embed_example: unknown argument: %s\n", argv[i]);
      return std::nullopt;
    }
    if (!value) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "embed_example: %s needs a value\n", argv[i]);
        return std::nullopt;
      }
      value = argv[++i];
    }
    if (name == "--listen" && !parse_listen(*value, args)) {
      std::fprintf(stderr, "embed_example: --listen wants HOST:PORT, not %.*s\n",
                   static_cast<int>(value->size()), value->data());
      return std::nullopt;
    }
    if (name == "--database") args.database = std::string(*value);
  }
  return args;
}

int run(const Args& args) {
  // 1. Open the helpdesk: it opens the database and applies its migrations.
  escalated::Options options;
  options.database_url = args.database;
  options.route_prefix = "support";
  // The host owns accounts: nobody signs up through the helpdesk.
  options.allow_registration = false;
  auto helpdesk = escalated::Helpdesk::open(options);

  // 2. Tell it who is calling. With a resolver, the helpdesk ignores its own
  //    session cookies (and CSRF tokens, which protect those cookies).
  helpdesk->set_identity_resolver(resolve_identity);

  // 3. Listen to its events, and start the relay thread that delivers them.
  auto sink = std::make_shared<LoggingSink>();
  helpdesk->add_event_sink(sink);
  helpdesk->start_background_work();

  // 4. Serve the host's routes and the helpdesk with the built-in server. A
  //    host with its own HTTP stack would call host.handle() (or just
  //    helpdesk->handle()) from its own request handler instead.
  Host host(*helpdesk);
  escalated::ServerOptions server_options;
  server_options.host = args.host;
  server_options.port = args.port;
  server_options.max_body_bytes = options.max_body_bytes;
  escalated::HttpServer server(server_options,
                               [&host](const escalated::Request& r) { return host.handle(r); });

  bool ipv6 = args.host.find(':') != std::string::npos;
  std::printf("listening on http://%s%s%s:%u\n", ipv6 ? "[" : "", args.host.c_str(),
              ipv6 ? "]" : "", static_cast<unsigned>(server.port()));
  std::printf("helpdesk mounted at /%s (database %s)\n", options.route_prefix.c_str(),
              args.database.c_str());
  std::fflush(stdout);

  // Until SIGTERM or SIGINT; then stops accepting and finishes requests in flight.
  server.run(/*handle_signals=*/true);

  // 5. Stop the relay and deliver whatever the last requests produced.
  helpdesk->stop_background_work();
  helpdesk->dispatch_events();
  std::printf("stopped after %zu events\n", sink->count());
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) {
    usage(stderr);
    return 2;
  }
  try {
    return run(*args);
  } catch (const std::exception& e) {
    // ConfigError, a database that cannot be opened, an address in use, ...
    std::fprintf(stderr, "embed_example: %s\n", e.what());
    return 1;
  }
}
