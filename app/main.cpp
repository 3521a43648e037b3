// The `escalated` command: serve, migrate, demo, user add, token create,
// inbound.
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <iostream>
#include <iterator>

#include "core/errors.h"
#include "core/text.h"
#include "demo.h"
#include "escalated/helpdesk.h"
#include "escalated/server.h"
#include "escalated/version.h"
#include "security/tokens.h"
#include "services/access/account_service.h"
#include "services/access/api_token_service.h"
#include "services/inbound/inbound_mail_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using escalated::Options;

Options options_from(const std::optional<std::string>& config, const std::string& database) {
  auto env = escalated::process_environment();
  Options options = escalated::load_options(config, env);
  if (!database.empty()) options.database_url = database;
  return options;
}

int serve(const Options& options) {
  auto helpdesk = escalated::Helpdesk::open(options);
  escalated::server_options_from(options);  // a bad Listen stops us before anything else
  std::string base = "http://" + options.listen + "/" + options.route_prefix;
  // A brand-new helpdesk has nobody who could sign in: make the first admin
  // and say, once, how to sign in.
  if (helpdesk->accounts().count_users() == 0) {
    std::string password = escalated::security::random_token(12);
    helpdesk->accounts().create_user({"Administrator", "admin@example.com", password, {"admin"}},
                                     nullptr);
    std::printf("Created the first administrator.\n  e-mail:   admin@example.com\n  password: %s\n",
                password.c_str());
    std::printf(
        "Change it after signing in (POST %s/auth/password). Sign in with:\n"
        "  curl -c cookies.txt -H 'Content-Type: application/json' \\\n"
        "    -d '{\"email\":\"admin@example.com\",\"password\":\"%s\"}' %s/auth/login\n",
        base.c_str(), password.c_str(), base.c_str());
  }
  helpdesk->serve([&](unsigned short port) {
    auto server = escalated::server_options_from(options);
    std::printf("Escalated is listening on http://%s:%u/%s (database %s)\n", server.host.c_str(),
                port, options.route_prefix.c_str(), options.database_url.c_str());
    std::fflush(stdout);
  });
  std::printf("Escalated stopped.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Escalated: an embeddable helpdesk"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("escalated ") + escalated::kVersion,
                       "Print the version and exit");
  std::optional<std::string> config;
  std::string database;
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--config", config, "JSON configuration file");
    cmd->add_option("--database", database,
                    "Database URL (sqlite:PATH or postgresql://...); overrides the configuration");
  };

  auto* serve_cmd = app.add_subcommand("serve", "Run the helpdesk server");
  add_common(serve_cmd);

  auto* migrate_cmd = app.add_subcommand("migrate", "Apply pending database migrations");
  add_common(migrate_cmd);

  auto* demo_cmd = app.add_subcommand("demo", "Fill the helpdesk with realistic sample data");
  add_common(demo_cmd);
  int demo_tickets = 200;
  std::uint32_t demo_seed = 42;
  demo_cmd->add_option("--tickets", demo_tickets, "How many tickets")->check(CLI::Range(1, 100000));
  demo_cmd->add_option("--seed", demo_seed, "Random seed (the same seed gives the same data)");

  auto* routes_cmd = app.add_subcommand(
      "routes", "List every route with who may call it (public, user or a permission)");
  add_common(routes_cmd);

  auto* user_cmd = app.add_subcommand("user", "Manage users");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Create a user");
  add_common(user_add);
  escalated::services::NewUser new_user;
  user_add->add_option("--email", new_user.email, "E-mail address")->required();
  user_add->add_option("--name", new_user.name, "Display name")->required();
  user_add->add_option("--password", new_user.password, "Password (at least 8 characters)")
      ->required();
  std::string new_user_roles = "customer";
  user_add
      ->add_option("--role", new_user_roles,
                   "Role slug(s), comma-separated: admin, agent, light_agent, customer or a "
                   "custom role")
      ->default_val("customer");

  auto* token_cmd = app.add_subcommand("token", "Manage API tokens");
  token_cmd->require_subcommand(1);
  auto* token_create = token_cmd->add_subcommand("create", "Create an API token and print it");
  add_common(token_create);
  std::string token_user;
  std::string token_abilities = "tickets:read";
  escalated::services::NewApiToken new_token;
  new_token.name = "cli";
  int token_days = 0;
  token_create->add_option("--user", token_user, "E-mail of the user the token acts as")
      ->required();
  token_create
      ->add_option("--abilities", token_abilities,
                   "Comma-separated: tickets:read, tickets:write, admin, *")
      ->default_val("tickets:read");
  token_create->add_option("--name", new_token.name, "A name to tell the token apart")
      ->default_val("cli");
  token_create->add_option("--expires-in-days", token_days, "Lifetime in days (0: never expires)")
      ->check(CLI::Range(0, 3650));

  auto* inbound_cmd = app.add_subcommand(
      "inbound",
      "Read one e-mail message from stdin (an MTA pipe) and file it as a ticket or reply");
  add_common(inbound_cmd);

  CLI11_PARSE(app, argc, argv);

  try {
    if (serve_cmd->parsed()) return serve(options_from(config, database));
    if (migrate_cmd->parsed()) {
      Options options = options_from(config, database);
      auto db = escalated::store::Database::open(options.database_url);
      auto applied = escalated::store::migrate(*db);
      if (applied.empty()) std::printf("The database is up to date.\n");
      for (const auto& name : applied) std::printf("applied %s\n", name.c_str());
      return 0;
    }
    if (demo_cmd->parsed()) {
      Options options = options_from(config, database);
      options.test_clock = true;  // the demo dates each step by moving this clock
      auto helpdesk = escalated::Helpdesk::open(options);
      auto summary = escalated::load_demo_data(*helpdesk, demo_tickets, demo_seed);
      std::printf(
          "Loaded %d tickets with %d replies and notes and %d satisfaction ratings, %d agents\n"
          "and %d customers.\n"
          "Agents sign in as alex.agent@demo.example (also bea.support, chris.helpdesk,\n"
          "dana.desk), customers as maria.garcia@customer.example and others; every demo\n"
          "password is demo-password.\n",
          summary.tickets, summary.replies, summary.ratings, summary.agents, summary.customers);
      return 0;
    }
    if (token_create->parsed()) {
      new_token.abilities = escalated::core::split_list(token_abilities);
      if (token_days > 0) new_token.expires_in_days = token_days;
      auto helpdesk = escalated::Helpdesk::open(options_from(config, database));
      auto issued = helpdesk->api_tokens().create_for_email(token_user, new_token);
      // The secret alone on stdout, so scripts can capture it; the rest on stderr.
      std::fprintf(stderr, "created API token %lld for %s; it is shown only once:\n",
                   static_cast<long long>(issued.record.id), issued.record.user_email.c_str());
      std::printf("%s\n", issued.secret.c_str());
      return 0;
    }
    if (routes_cmd->parsed()) {
      auto helpdesk = escalated::Helpdesk::open(options_from(config, database));
      for (const auto& r : helpdesk->route_access())
        std::printf("%-7s %-60s %s\n", r.method.c_str(), r.path.c_str(), r.access.c_str());
      return 0;
    }
    if (inbound_cmd->parsed()) {
      // The pipe is the local MTA, trusted like the database itself: no
      // secret. Any recorded outcome (failed included) exits 0, so the MTA
      // does not bounce or retry what is on record; a database that cannot
      // be used exits non-zero, so it retries later.
      auto helpdesk = escalated::Helpdesk::open(options_from(config, database));
      std::string raw((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      auto result = helpdesk->inbound_mail().ingest(raw);
      helpdesk->dispatch_events();
      std::printf("%s\n",
                  boost::json::serialize(escalated::services::inbound_result_json(result)).c_str());
      return 0;
    }
    if (user_add->parsed()) {
      auto helpdesk = escalated::Helpdesk::open(options_from(config, database));
      new_user.roles = escalated::core::split_list(new_user_roles);
      auto user = helpdesk->accounts().create_user(new_user, nullptr);
      std::printf("created user %lld <%s> with role %s\n", static_cast<long long>(user.id),
                  user.email.c_str(), std::string(escalated::core::to_string(user.role)).c_str());
      return 0;
    }
  } catch (const escalated::core::ValidationError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    for (const auto& [field, messages] : e.errors())
      for (const auto& m : messages) std::fprintf(stderr, "  %s %s\n", field.c_str(), m.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
