// The `escalated` command line: migrate, user add, token create, inbound,
// and configuration errors.
// The binary's path arrives as the first argument.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "store/database.h"
#include "support/test_database.h"

namespace {

std::string g_binary;

struct CommandResult {
  int exit_code;
  std::string output;
};

CommandResult run(const std::string& args) {
  std::string command = "'" + g_binary + "' " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Cli, MigrateThenUserAdd) {
  escalated::testing::TestDatabase db;
  CommandResult first = run("migrate --database '" + db.url() + "'");
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("applied 0001_foundation"), std::string::npos) << first.output;
  CommandResult second = run("migrate --database '" + db.url() + "'");
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.output.find("up to date"), std::string::npos) << second.output;
  CommandResult add =
      run("user add --database '" + db.url() +
          "' --email Ops@Example.com --name Ops --password 'long password' --role agent");
  EXPECT_EQ(add.exit_code, 0) << add.output;
  EXPECT_NE(add.output.find("<ops@example.com> with role agent"), std::string::npos) << add.output;
  CommandResult again = run("user add --database '" + db.url() +
                            "' --email ops@example.com --name Ops --password 'long password'");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("email is already taken"), std::string::npos) << again.output;
  CommandResult bad = run("user add --database '" + db.url() +
                          "' --email x@example.com --name X --password short --role boss");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("password"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("role"), std::string::npos) << bad.output;
}

TEST(Cli, TokenCreatePrintsTheSecretOnceAndStoresOnlyItsHash) {
  escalated::testing::TestDatabase db;
  ASSERT_EQ(run("user add --database '" + db.url() +
                "' --email ops@example.com --name Ops --password 'long password' --role agent")
                .exit_code,
            0);
  // stdout alone carries the secret, so scripts can capture it.
  std::string command = "'" + g_binary + "' token create --database '" + db.url() +
                        "' --user OPS@example.com --abilities tickets:read,tickets:write "
                        "--name deploy --expires-in-days 30 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  char buf[256] = {};
  size_t n = fread(buf, 1, sizeof buf - 1, pipe);
  ASSERT_EQ(pclose(pipe), 0);
  std::string secret(buf, n);
  while (!secret.empty() && secret.back() == '\n') secret.pop_back();
  ASSERT_EQ(secret.rfind("esc_", 0), 0u) << secret;
  auto store = escalated::store::Database::open(db.url());
  auto rows = store->read([](escalated::store::Connection& c) {
    return c.query("SELECT name, prefix, abilities, token_hash, expires_at FROM api_tokens");
  });
  ASSERT_EQ(rows.rows.size(), 1u);
  const auto& row = rows.rows[0];
  EXPECT_EQ(row.text(0), "deploy");
  EXPECT_EQ(row.text(1), secret.substr(0, 8));
  EXPECT_EQ(row.text(2), R"(["tickets:read","tickets:write"])");
  EXPECT_EQ(row.text(3).size(), 64u);  // SHA-256, hex
  EXPECT_EQ(row.text(3).find(secret.substr(4)), std::string::npos);
  EXPECT_FALSE(row.is_null(4));
  store.reset();

  CommandResult unknown =
      run("token create --database '" + db.url() + "' --user nobody@example.com");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.output.find("nobody@example.com"), std::string::npos) << unknown.output;
  CommandResult bad_ability =
      run("token create --database '" + db.url() + "' --user ops@example.com --abilities root");
  EXPECT_NE(bad_ability.exit_code, 0);
  EXPECT_NE(bad_ability.output.find("abilities"), std::string::npos) << bad_ability.output;
}

TEST(Cli, InboundFilesOneMessageFromStdinAndRecordsEveryOutcome) {
  escalated::testing::TestDatabase db;
  std::string mail = std::string(ESCALATED_TEST_DATA_DIR) + "/mail/";
  std::string inbound = "inbound --database '" + db.url() + "' < '" + mail;
  CommandResult created = run(inbound + "plain.eml'");
  ASSERT_EQ(created.exit_code, 0) << created.output;
  EXPECT_NE(created.output.find(R"({"outcome":"created","matched_by":"none","ticket_id":1,)"),
            std::string::npos)
      << created.output;
  CommandResult duplicate = run(inbound + "plain.eml'");
  EXPECT_EQ(duplicate.exit_code, 0) << duplicate.output;
  EXPECT_NE(duplicate.output.find(R"("outcome":"duplicate")"), std::string::npos);
  // Failed, but on record: exit 0, so the MTA does not bounce it.
  CommandResult failed = run(inbound + "no_from.eml'");
  EXPECT_EQ(failed.exit_code, 0) << failed.output;
  EXPECT_NE(failed.output.find(R"("outcome":"failed")"), std::string::npos) << failed.output;
  auto store = escalated::store::Database::open(db.url());
  store->read([](escalated::store::Connection& c) {
    auto rows = c.query("SELECT outcome, from_address FROM inbound_messages ORDER BY id");
    ASSERT_EQ(rows.rows.size(), 2u);
    EXPECT_EQ(rows.rows[0].text(0), "created");
    EXPECT_EQ(rows.rows[0].text(1), "ann@example.com");
    EXPECT_EQ(rows.rows[1].text(0), "failed");
    EXPECT_EQ(c.scalar("SELECT channel FROM tickets WHERE id = 1")->as_text(), "email");
  });
  // A database that cannot be used: non-zero, so the MTA keeps the message.
  CommandResult unusable =
      run("inbound --database sqlite:/nonexistent-directory/x.db < '" + mail + "plain.eml'");
  EXPECT_NE(unusable.exit_code, 0) << unusable.output;
}

TEST(Cli, DemoLoadsRealisticDataThroughTheServices) {
  escalated::testing::TestDatabase db;
  CommandResult r = run("demo --tickets 40 --seed 7 --database '" + db.url() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Loaded 40 tickets"), std::string::npos) << r.output;
  auto store = escalated::store::Database::open(db.url());
  store->read([](escalated::store::Connection& c) {
    auto count = [&](const std::string& sql) { return c.scalar(sql)->as_int(); };
    EXPECT_EQ(count("SELECT COUNT(*) FROM tickets"), 40);
    EXPECT_EQ(count("SELECT COUNT(*) FROM ticket_activities WHERE type = 'created'"), 40);
    EXPECT_GE(count("SELECT COUNT(DISTINCT status) FROM tickets"), 3) << "a spread of statuses";
    EXPECT_GT(count("SELECT COUNT(*) FROM replies WHERE is_internal_note = 0"), 0);
    // Some resolved tickets carry their customer's rating, each from the requester.
    EXPECT_GT(count("SELECT COUNT(*) FROM satisfaction_ratings"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM satisfaction_ratings s JOIN tickets t ON "
                    "t.id = s.ticket_id WHERE t.status NOT IN ('resolved', 'closed')"),
              0);
    EXPECT_GT(count("SELECT MAX(created_at) - MIN(created_at) FROM tickets"),
              std::int64_t{7} * 24 * 3600 * 1000)
        << "tickets are spread over weeks, not created in one instant";
    // A first look shows service levels and rules at work.
    EXPECT_EQ(count("SELECT COUNT(*) FROM business_schedules"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sla_policies WHERE active = 1"), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 2);
  });
  CommandResult again = run("demo --tickets 5 --database '" + db.url() + "'");
  EXPECT_NE(again.exit_code, 0) << "the demo users exist already";
}

TEST(Cli, BadConfigurationStopsTheStart) {
  auto path = std::filesystem::temp_directory_path() / "escalated_cli_test.json";
  std::ofstream(path) << R"({"RoutePrefix": "support", "Colour": "blue", "EnableRealTime": "no"})";
  CommandResult r =
      run("serve --config '" + path.string() + "' --database sqlite:/nonexistent-dir/x.db");
  std::filesystem::remove(path);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("Colour is unknown"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("EnableRealTime must be true or false"), std::string::npos) << r.output;
}

TEST(Cli, UnsupportedDatabaseUrlIsAClearError) {
  CommandResult r = run("migrate --database mysql://localhost/x");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("unsupported database URL"), std::string::npos) << r.output;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: cli_test PATH-TO-escalated\n");
    return 2;
  }
  g_binary = argv[1];
  return RUN_ALL_TESTS();
}
