#include "support/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace escalated::testing {
namespace {

std::string selected() {
  const char* env = std::getenv("ESCALATED_TEST_DATABASE");
  return env ? env : "";
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

void run_admin(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach test PostgreSQL at " + admin_url + ": " + message);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string message = ok ? "" : PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("test PostgreSQL: " + message);
}

// Replaces the database name (the URI's path) in a postgresql:// URL.
std::string with_database(const std::string& url, const std::string& name) {
  auto scheme_end = url.find("://");
  auto path = url.find('/', scheme_end + 3);
  auto query = url.find('?', scheme_end + 3);
  std::string base = url.substr(0, path == std::string::npos ? query : path);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + name + rest;
}

}  // namespace

std::string test_backend_name() {
  std::string s = selected();
  return (s.empty() || s == "sqlite") ? "sqlite" : "postgres";
}

TestDatabase::TestDatabase() {
  std::string s = selected();
  if (s.empty() || s == "sqlite") {
    sqlite_path_ =
        (std::filesystem::temp_directory_path() / ("escalated_test_" + unique_suffix() + ".db"))
            .string();
    url_ = "sqlite:" + sqlite_path_;
    return;
  }
  if (s.rfind("postgres", 0) != 0) {
    throw std::runtime_error(
        "ESCALATED_TEST_DATABASE must be 'sqlite' or a postgresql:// URL (run the tests through "
        "`make test`), got: '" +
        s + "'");
  }
  admin_url_ = s;
  db_name_ = "esc_test_" + unique_suffix();
  run_admin(admin_url_, "CREATE DATABASE " + db_name_);
  url_ = with_database(admin_url_, db_name_);
}

TestDatabase::~TestDatabase() {
  if (!sqlite_path_.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(sqlite_path_ + suffix, ec);
  }
  if (!admin_url_.empty()) {
    try {
      run_admin(admin_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: %s\n", e.what());
    }
  }
}

}  // namespace escalated::testing
