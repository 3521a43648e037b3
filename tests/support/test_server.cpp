#include "support/test_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "core/text.h"
#include "services/access/account_service.h"

namespace escalated::testing {

TestServer::TestServer(const std::function<void(Options&)>& tweak)
    : TestServer(std::make_shared<TestDatabase>(), tweak) {}

TestServer::TestServer(const TestServer& first, const std::function<void(Options&)>& tweak)
    : TestServer(first.database_, tweak) {}

TestServer::TestServer(std::shared_ptr<TestDatabase> database,
                       const std::function<void(Options&)>& tweak)
    : database_(std::move(database)) {
  Options options;
  options.database_url = database_->url();
  options.test_clock = true;
  options.log_requests = false;
  // On by default in production; a test that needs the live feed (and its
  // thread following the outbox) turns it on.
  options.enable_real_time = false;
  if (tweak) tweak(options);
  helpdesk_ = Helpdesk::open(options);
  ServerOptions server_options = server_options_from(options);
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = 2;
  server_options.log_requests = false;
  Helpdesk* helpdesk = helpdesk_.get();
  server_ = std::make_unique<HttpServer>(
      server_options, [helpdesk](const Request& r) { return helpdesk->handle(r); });
  // The body limits per type as `escalated serve` has them.
  limit_bodies_as_configured(*server_, options);
  // And each route's own, as Helpdesk::serve has them.
  server_->admit_bodies([helpdesk](const Request& head) { return helpdesk->admit_body(head); });
  server_->start();
  base_url_ = "http://127.0.0.1:" + std::to_string(server_->port());
}

TestServer::~TestServer() {
  server_->stop();
  server_.reset();
  helpdesk_.reset();
}

std::int64_t TestServer::add_user(const std::string& name, const std::string& email,
                                  const std::string& role, const std::string& password) {
  // `role` may name several roles, comma-separated ("agent,billing").
  return helpdesk_->accounts()
      .create_user({name, email, password, core::split_list(role)}, nullptr)
      .id;
}

std::unique_ptr<HttpClient> TestServer::signed_in(const std::string& email,
                                                  const std::string& password) {
  auto c = client();
  HttpResult r = c->login(prefix(), email, password);
  if (r.status != 200) throw std::runtime_error("test login failed for " + email + ": " + r.body);
  return c;
}

void TestServer::set_clock(const std::string& rfc3339) {
  HttpResult r =
      client()->post_json(prefix() + "/_test/clock", boost::json::object{{"now", rfc3339}});
  if (r.status != 200) ADD_FAILURE() << "setting the test clock: " << r.status << " " << r.body;
}

void TestServer::advance_clock(double seconds) {
  HttpResult r = client()->post_json(prefix() + "/_test/clock",
                                     boost::json::object{{"advance_seconds", seconds}});
  if (r.status != 200) ADD_FAILURE() << "moving the test clock: " << r.status << " " << r.body;
}

boost::json::object TestServer::run_jobs() {
  HttpResult r = client()->post(prefix() + "/_test/run-jobs", "");
  if (r.status != 200) {
    ADD_FAILURE() << "running the jobs: " << r.status << " " << r.body;
    return {};
  }
  return r.json().as_object();
}

}  // namespace escalated::testing
