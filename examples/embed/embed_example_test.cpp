// Black-box test of examples/embed: starts the real embed_example binary on a
// free loopback port and a fresh SQLite file, then talks to it over HTTP as
// the host's users would.
//
//   embed_example_test PATH/TO/embed_example
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.h"
#include "support/http_client.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using escalated::testing::ChildProcess;
using escalated::testing::HttpClient;
using escalated::testing::HttpResult;
using Clock = std::chrono::steady_clock;

// The binary under test: the first argument (as ctest passes it), else the
// path CMake compiled in.
std::string example_binary() {
  // GetArgvs() is the whole command line, gtest's own --gtest_* flags too.
  std::vector<std::string> argv = ::testing::internal::GetArgvs();
  for (size_t i = 1; i < argv.size(); ++i)
    if (argv[i].rfind('-', 0) != 0) return argv[i];
#ifdef EMBED_EXAMPLE_BINARY
  return EMBED_EXAMPLE_BINARY;
#else
  return "";
#endif
}

std::map<std::string, std::string> as(const std::string& login) {
  return {{"Authorization", "Bearer host-token-" + login}};
}

class EmbedExample : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string binary = example_binary();
    ASSERT_FALSE(binary.empty()) << "usage: embed_example_test PATH/TO/embed_example";
    std::string dir_template = (fs::temp_directory_path() / "embed-example-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir_template.data()), nullptr) << std::strerror(errno);
    dir_ = dir_template;
    child_ = std::make_unique<ChildProcess>(
        binary, std::vector<std::string>{"--listen", "127.0.0.1:0", "--database",
                                         "sqlite:" + (dir_ / "helpdesk.db").string()});
    auto port = child_->wait_for_output(std::regex(R"(listening on http://127\.0\.0\.1:(\d+)\n)"),
                                        std::chrono::seconds(30));
    ASSERT_TRUE(port) << "the example did not say where it listens; its output:\n"
                      << child_->output();
    client_ = std::make_unique<HttpClient>("http://127.0.0.1:" + *port);
  }

  void TearDown() override {
    client_.reset();
    child_.reset();  // kills the child if a test left it running
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Waits for the host's event sink to report `type` for `ticket_id`.
  bool saw_event(const std::string& type, std::int64_t ticket_id) {
    std::string escaped = std::regex_replace(type, std::regex(R"(\.)"), R"(\.)");
    return child_
        ->wait_for_output(
            std::regex("event " + escaped + " ticket=" + std::to_string(ticket_id) + " "),
            std::chrono::seconds(10))
        .has_value();
  }

  fs::path dir_;
  std::unique_ptr<ChildProcess> child_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(EmbedExample, ServesItsOwnRoutesBesideTheHelpdesk) {
  HttpResult hello = client_->get("/");
  EXPECT_EQ(hello.status, 200);
  EXPECT_NE(hello.body.find("/support"), std::string::npos) << hello.body;

  HttpResult health = client_->get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json(), json::value(json::object{{"status", "ok"}})) << health.body;

  EXPECT_EQ(client_->get("/nowhere").status, 404);
  EXPECT_EQ(client_->get("/supportive").status, 404);  // not under the mount
  EXPECT_EQ(client_->post("/health", "{}").status, 405);

  // The helpdesk answers under its mount, and only for the host's users.
  HttpResult anonymous = client_->get("/support/tickets");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(anonymous.header("www-authenticate").rfind("Bearer", 0), 0u);
  EXPECT_EQ(client_->get("/support/tickets", as("mallory")).status, 401);
  EXPECT_EQ(client_->get("/support/tickets", {{"Authorization", "Basic YWxpY2U6"}}).status, 401);
  EXPECT_EQ(client_->get("/support/tickets", as("alice")).status, 200);
  EXPECT_EQ(client_->get("/support/no-such-route", as("alice")).status, 404);

  // The host owns accounts: the helpdesk's own sign-up and sign-in are gone.
  HttpResult signup = client_->post_json(
      "/support/auth/register",
      json::object{{"name", "Eve"}, {"email", "eve@host.example"}, {"password", "long enough pw"}});
  EXPECT_EQ(signup.status, 404) << signup.body;
  HttpResult login = client_->post_json(
      "/support/auth/login", json::object{{"email", "eve@host.example"}, {"password", "x"}});
  EXPECT_EQ(login.status, 404) << login.body;
}

TEST_F(EmbedExample, CustomerAndAgentTalkThroughTheEmbeddedHelpdesk) {
  // Alice, a customer on the host, opens a ticket.
  HttpResult created = client_->post(
      "/support/tickets",
      HttpClient::serialize(json::object{{"subject", "Cannot export my invoices"},
                                         {"description", "The export button does nothing."}}),
      as("alice"));
  ASSERT_EQ(created.status, 201) << created.body;
  json::value ticket = created.json();
  std::int64_t id = ticket.at("id").as_int64();
  std::string path = "/support/tickets/" + std::to_string(id);
  EXPECT_EQ(ticket.at("requester").at("name"), "Alice Archer");
  EXPECT_EQ(ticket.at("requester").at("email"), "alice@host.example");

  HttpResult mine = client_->get("/support/tickets", as("alice"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  json::value my_tickets = mine.json().at("data");
  ASSERT_EQ(my_tickets.as_array().size(), 1u) << mine.body;
  EXPECT_EQ(my_tickets.at(0).at("id").as_int64(), id);

  // Bob, an agent on the host, finds it in the queue and replies.
  HttpResult queue = client_->get("/support/agent/tickets", as("bob"));
  ASSERT_EQ(queue.status, 200) << queue.body;
  json::value queued = queue.json().at("data");
  bool in_queue = false;
  for (const auto& t : queued.as_array()) in_queue |= t.at("id").as_int64() == id;
  EXPECT_TRUE(in_queue) << queue.body;

  HttpResult reply = client_->post(
      "/support/agent/tickets/" + std::to_string(id) + "/reply",
      HttpClient::serialize(json::object{{"body", "Fixed in today's release, please retry."}}),
      as("bob"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.json().at("author").at("name"), "Bob Baker");

  // Alice sees Bob's reply on her ticket.
  HttpResult detail = client_->get(path, as("alice"));
  ASSERT_EQ(detail.status, 200) << detail.body;
  json::value replies = detail.json().at("replies");
  bool has_reply = false;
  for (const auto& r : replies.as_array())
    has_reply |= r.at("body") == "Fixed in today's release, please retry.";
  EXPECT_TRUE(has_reply) << detail.body;

  // Roles and ownership come from the host's users.
  EXPECT_EQ(client_->get("/support/agent/tickets", as("alice")).status, 403);
  EXPECT_EQ(client_->get(path, as("dave")).status, 404);  // another customer's ticket
  HttpResult daves = client_->get("/support/tickets", as("dave"));
  ASSERT_EQ(daves.status, 200) << daves.body;
  EXPECT_TRUE(daves.json().at("data").as_array().empty()) << daves.body;
  EXPECT_EQ(client_->get("/support/agent/tickets", as("carol")).status, 200);  // an admin

  // The host's event sink heard about both changes (the relay runs in the
  // background, so give it a moment).
  EXPECT_TRUE(saw_event("ticket.created", id)) << child_->output();
  EXPECT_TRUE(saw_event("reply.created", id)) << child_->output();

  // SIGTERM drains the server and the process exits cleanly.
  child_->signal(SIGTERM);
  auto status = child_->wait_for_exit(std::chrono::seconds(15));
  ASSERT_TRUE(status) << "the example did not exit after SIGTERM";
  EXPECT_TRUE(WIFEXITED(*status)) << "wait status " << *status;
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  EXPECT_TRUE(
      child_->wait_for_output(std::regex(R"(stopped after \d+ events)"), std::chrono::seconds(5)))
      << child_->output();
}

}  // namespace
