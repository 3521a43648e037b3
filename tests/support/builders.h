// Builders for HTTP tests: what most tests need before they test anything
// (a department, a tag, a ticket, a status move), one call each, through the
// public API so they exercise what a client would. Each fails the test (not
// only the call) when the server refuses, so a broken set-up never passes
// as a broken assertion.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/test_server.h"

namespace escalated::testing {

class Build {
 public:
  explicit Build(const TestServer& server) : prefix_(server.prefix()) {}

  // "/support" + path.
  std::string path(const std::string& path) const { return prefix_ + path; }

  // POST /tickets as `as` (a customer, or staff opening one): the new id.
  // `extra` adds or replaces members (department_id, priority, ...).
  std::int64_t ticket(HttpClient& as, const std::string& subject = "Printer",
                      boost::json::object extra = {}) const;
  // The same ticket's full answer (id, reference, status, ...).
  boost::json::object ticket_json(HttpClient& as, const std::string& subject = "Printer",
                                  boost::json::object extra = {}) const;
  // POST /admin/departments and /admin/tags: the new id.
  std::int64_t department(HttpClient& admin, const std::string& name) const;
  std::int64_t tag(HttpClient& admin, const std::string& name) const;
  // POST /agent/tickets/{id}/status, which must succeed.
  void status(HttpClient& agent, std::int64_t ticket, const std::string& status) const;
  // GET `base`?sort=created_at&q=`q` (a ticket list: /agent/tickets or the
  // portal's /tickets) as `as`, which must answer 200: the subjects in order.
  std::vector<std::string> search(HttpClient& as, const std::string& base,
                                  const std::string& q) const;

 private:
  std::string prefix_;
};

// The fields a problem+json answer names in its "errors" (empty when none).
std::set<std::string> error_fields(const HttpResult& r);

// `text` percent-encoded for a URL's query (letters, digits, - _ . kept).
std::string url_encoded(const std::string& text);

// A new empty directory under the system's temporary one, named from
// `prefix` ("escalated-attachments"); the test removes it.
std::filesystem::path fresh_directory(const std::string& prefix);
// How many files lie under `dir`, at any depth (0 when it does not exist).
std::size_t files_under(const std::filesystem::path& dir);

}  // namespace escalated::testing
