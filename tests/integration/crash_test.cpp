// A crash at any instant loses no acknowledged write. The real `escalated`
// binary serves concurrent ticket creations and is killed with SIGKILL in the
// middle of them; after a restart on the same database every ticket that was
// answered 201 is there, with its timeline entry and its outbox event, and
// nothing is half-written. The binary's path is the first argument.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "store/database.h"
#include "support/child_process.h"
#include "support/http_client.h"
#include "support/test_database.h"

namespace {

namespace json = boost::json;
using escalated::testing::ChildProcess;
using escalated::testing::HttpClient;
using escalated::testing::HttpResult;
using std::chrono::seconds;

std::string g_binary;

struct Server {
  std::unique_ptr<ChildProcess> process;
  std::string base;
};

Server start(const std::string& database_url) {
  Server s;
  s.process = std::make_unique<ChildProcess>(
      g_binary, std::vector<std::string>{"serve"},
      std::map<std::string, std::string>{{"ESCALATED_DATABASE_URL", database_url},
                                         {"ESCALATED_LISTEN", "127.0.0.1:0"},
                                         {"ESCALATED_LOG_REQUESTS", "0"}});
  auto port = s.process->wait_for_output(std::regex(R"(listening on http://127\.0\.0\.1:(\d+)/)"),
                                         std::chrono::seconds(30));
  if (!port) throw std::runtime_error("server did not start: " + s.process->output());
  s.base = "http://127.0.0.1:" + *port;
  return s;
}

TEST(Crash, AcknowledgedTicketsSurviveSigkill) {
  escalated::testing::TestDatabase db;
  Server first = start(db.url());
  auto password = first.process->wait_for_output(std::regex(R"(password: (\S+))"), seconds(5));
  ASSERT_TRUE(password) << first.process->output();

  std::mutex mutex;
  std::set<std::int64_t> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      HttpClient c(first.base);
      if (c.login("/support", "admin@example.com", *password).status != 200) return;
      for (int i = 0; !stop; ++i) {
        try {
          HttpResult r = c.post_json(
              "/support/tickets",
              json::object{{"subject", "crash " + std::to_string(t) + "/" + std::to_string(i)},
                           {"description", "written while the server dies"}});
          if (r.status != 201) continue;
          std::lock_guard lock(mutex);
          acknowledged.insert(r.json().at("id").as_int64());
        } catch (const std::exception&) {
          return;  // the server is gone
        }
      }
    });
  }
  // Kill it mid-stream, once a good number of writes were acknowledged.
  for (int i = 0; i < 3000; ++i) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 200) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  first.process->signal(SIGKILL);
  stop = true;
  for (auto& w : writers) w.join();
  first.process->wait_for_exit(seconds(10));
  ASSERT_GE(acknowledged.size(), 50u) << "too few writes before the kill to prove anything";

  // Restart on the same database and read everything back through the API.
  Server second = start(db.url());
  HttpClient c(second.base);
  ASSERT_EQ(c.login("/support", "admin@example.com", *password).status, 200);
  std::set<std::int64_t> found;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    HttpResult r = c.get("/support/agent/tickets?limit=100&sort=created_at" +
                         (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    json::value body = r.json();
    for (const auto& t : body.at("data").as_array()) found.insert(t.at("id").as_int64());
    if (body.at("next_cursor").is_null()) break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  second.process->signal(SIGTERM);
  second.process->wait_for_exit(seconds(15));
  for (std::int64_t id : acknowledged)
    EXPECT_TRUE(found.count(id)) << "acknowledged ticket " << id << " was lost";

  // Every ticket that exists was written whole: its timeline entry, audit row
  // and outbox event are there too.
  auto store = escalated::store::Database::open(db.url());
  store->read([&](escalated::store::Connection& conn) {
    auto count = [&](const std::string& sql) { return conn.scalar(sql)->as_int(); };
    std::int64_t tickets = count("SELECT COUNT(*) FROM tickets");
    EXPECT_EQ(tickets, static_cast<std::int64_t>(found.size()));
    EXPECT_EQ(count("SELECT COUNT(*) FROM ticket_activities WHERE type = 'created'"), tickets);
    EXPECT_EQ(
        count(
            "SELECT COUNT(*) FROM audit_logs WHERE entity_type = 'ticket' AND action = 'created'"),
        tickets);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE event_type = 'ticket.created'"), tickets);
  });
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: crash_test PATH-TO-escalated\n");
    return 2;
  }
  g_binary = argv[1];
  return RUN_ALL_TESTS();
}
