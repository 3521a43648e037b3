// Notification mail survives a crash between the commit and the delivery:
// the real `escalated` binary (test clock on, SMTP down) queues the mail of
// two new tickets — one whose message was already tried and waits for its
// retry, one killed right after its answer, before anything was sent — and
// is killed with SIGKILL. Restarted on the same database with the SMTP server
// up, it delivers each message exactly once. Also: without the test clock
// the background worker sends on its own. The binary's path is the first
// argument.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "support/child_process.h"
#include "support/http_client.h"
#include "support/smtp_sink.h"
#include "support/test_database.h"

namespace {

namespace json = boost::json;
using escalated::testing::ChildProcess;
using escalated::testing::HttpClient;
using escalated::testing::HttpResult;
using escalated::testing::SmtpSink;
using std::chrono::seconds;

std::string g_binary;

struct Server {
  std::unique_ptr<ChildProcess> process;
  std::string base;
};

Server start(const std::string& database_url, int smtp_port, bool test_clock = true) {
  Server s;
  s.process = std::make_unique<ChildProcess>(
      g_binary, std::vector<std::string>{"serve"},
      std::map<std::string, std::string>{
          {"ESCALATED_DATABASE_URL", database_url},
          {"ESCALATED_LISTEN", "127.0.0.1:0"},
          {"ESCALATED_LOG_REQUESTS", "0"},
          {"ESCALATED_TEST_CLOCK", test_clock ? "1" : "0"},
          {"ESCALATED_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)},
          {"ESCALATED_EMAIL_DOMAIN", "crash.example.com"}});
  auto port = s.process->wait_for_output(std::regex(R"(listening on http://127\.0\.0\.1:(\d+)/)"),
                                         seconds(30));
  if (!port) throw std::runtime_error("server did not start: " + s.process->output());
  s.base = "http://127.0.0.1:" + *port;
  return s;
}

TEST(MailCrash, QueuedMailIsDeliveredOnceAfterSigkill) {
  escalated::testing::TestDatabase db;
  int smtp_port = SmtpSink::free_port();  // nothing listens there yet
  Server first = start(db.url(), smtp_port);
  auto password = first.process->wait_for_output(std::regex(R"(password: (\S+))"), seconds(5));
  ASSERT_TRUE(password) << first.process->output();
  HttpClient c(first.base);
  ASSERT_EQ(c.login("/support", "admin@example.com", *password).status, 200);
  auto create = [&](const std::string& subject) {
    HttpResult r =
        c.post_json("/support/tickets", json::object{{"subject", subject}, {"description", "d"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  };
  std::int64_t tried = create("tried before the crash");
  HttpResult run = c.post("/support/_test/run-jobs", "");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json().at("mails_sent").as_int64(), 0);  // SMTP is down
  HttpResult q = c.get("/support/admin/mail");
  ASSERT_EQ(q.json().at("data").as_array().size(), 1u) << q.body;
  EXPECT_EQ(q.json().at("data").at(0).at("attempts").as_int64(), 1);
  std::int64_t fresh = create("committed, then the crash");
  first.process->signal(SIGKILL);
  first.process->wait_for_exit(seconds(10));

  SmtpSink sink(smtp_port);
  Server second = start(db.url(), smtp_port);
  HttpClient c2(second.base);
  ASSERT_EQ(c2.login("/support", "admin@example.com", *password).status, 200);
  // Past the first retry's backoff (a minute, ±10 %).
  ASSERT_EQ(c2.post_json("/support/_test/clock", json::object{{"advance_seconds", 120}}).status,
            200);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c2.post("/support/_test/run-jobs", "").status, 200);
  auto got = sink.messages();
  std::multiset<std::string> ids;
  for (const auto& m : got) ids.insert(m.header("Message-ID"));
  EXPECT_EQ(got.size(), 2u);
  EXPECT_EQ(ids.count("<ticket-" + std::to_string(tried) + "@crash.example.com>"), 1u);
  EXPECT_EQ(ids.count("<ticket-" + std::to_string(fresh) + "@crash.example.com>"), 1u);
  second.process->signal(SIGTERM);
  second.process->wait_for_exit(seconds(15));
}

// Without the test clock nobody asks: the dispatcher's own thread sends the
// mail a commit queued, within moments.
TEST(MailCrash, TheBackgroundWorkerSendsUnasked) {
  escalated::testing::TestDatabase db;
  SmtpSink sink;
  Server server = start(db.url(), sink.port(), false);
  auto password = server.process->wait_for_output(std::regex(R"(password: (\S+))"), seconds(5));
  ASSERT_TRUE(password) << server.process->output();
  HttpClient c(server.base);
  ASSERT_EQ(c.login("/support", "admin@example.com", *password).status, 200);
  HttpResult r =
      c.post_json("/support/tickets", json::object{{"subject", "now"}, {"description", "d"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string root =
      "<ticket-" + std::to_string(r.json().at("id").as_int64()) + "@crash.example.com>";
  for (int i = 0; i < 200 && sink.messages().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto got = sink.messages();
  ASSERT_EQ(got.size(), 1u) << "nothing arrived within 10 s";
  EXPECT_EQ(got[0].header("Message-ID"), root);
  server.process->signal(SIGTERM);
  server.process->wait_for_exit(seconds(15));
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: mail_crash_test PATH-TO-escalated\n");
    return 2;
  }
  g_binary = argv[1];
  return RUN_ALL_TESTS();
}
