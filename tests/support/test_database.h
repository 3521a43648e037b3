// A fresh, empty database for one test, on the backend the test run selects:
// ESCALATED_TEST_DATABASE unset or "sqlite" gives a temporary SQLite file; a
// postgresql:// URL (an admin connection to a throwaway cluster) gives a new
// database created for the test and dropped after it.
#pragma once

#include <memory>
#include <string>

namespace escalated::testing {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The URL to open: "sqlite:/tmp/..." or "postgresql://.../esc_test_...".
  const std::string& url() const { return url_; }
  bool is_postgres() const { return !admin_url_.empty(); }

 private:
  std::string url_;
  std::string admin_url_;
  std::string db_name_;
  std::string sqlite_path_;
};

// "sqlite" or "postgres": which backend this test run uses.
std::string test_backend_name();

}  // namespace escalated::testing
