// The real helpdesk behind the real HTTP server on an ephemeral loopback
// port, on a fresh database of the backend the test run selects, with the
// test clock on. One per test; a second one may open the first one's
// database, as a second node of a cluster would.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "escalated/helpdesk.h"
#include "escalated/server.h"
#include "support/http_client.h"
#include "support/test_database.h"

namespace escalated::testing {

class TestServer {
 public:
  // `tweak` may change options before the helpdesk opens.
  explicit TestServer(const std::function<void(Options&)>& tweak = nullptr);
  // Another node on `first`'s database (which lives as long as either).
  TestServer(const TestServer& first, const std::function<void(Options&)>& tweak = nullptr);
  ~TestServer();

  Helpdesk& helpdesk() { return *helpdesk_; }
  const std::string& base_url() const { return base_url_; }
  // "/support" (the configured prefix, with its slash).
  std::string prefix() const { return "/" + helpdesk_->options().route_prefix; }
  std::unique_ptr<HttpClient> client() const {
    return std::make_unique<HttpClient>(base_url_, prefix());
  }

  // Creates a user directly through the account service; returns its id.
  std::int64_t add_user(const std::string& name, const std::string& email, const std::string& role,
                        const std::string& password = "correct horse battery");
  // A client signed in as that user.
  std::unique_ptr<HttpClient> signed_in(const std::string& email,
                                        const std::string& password = "correct horse battery");

  // Time travel through the black-box test routes (the server runs on the
  // test clock): the clock to an RFC 3339 instant, or on by some seconds.
  // A refused call fails the test.
  void set_clock(const std::string& rfc3339);
  void advance_clock(double seconds);
  // Runs the due jobs, relays the events and sends the due webhooks and mail
  // (POST /_test/run-jobs); its answer, such as {"mails_sent": 1, ...}.
  boost::json::object run_jobs();

 private:
  TestServer(std::shared_ptr<TestDatabase> database, const std::function<void(Options&)>& tweak);

  std::shared_ptr<TestDatabase> database_;
  std::unique_ptr<Helpdesk> helpdesk_;
  std::unique_ptr<HttpServer> server_;
  std::string base_url_;
};

}  // namespace escalated::testing
