#include "store/postgres/pg_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace escalated::store {
namespace {

// Type OIDs from pg_type.h, which is a server header and not part of libpq's.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Same bound as the SQLite backend; see SqliteConnection::prepare.
constexpr size_t kMaxCachedStatements = 512;

// A caller that nests read() inside write() while every other connection is
// held the same way would wait forever; failing loudly beats a hung request.
constexpr std::chrono::seconds kPoolWait{30};

std::string excerpt(std::string_view sql) {
  return std::string(sql.substr(0, 200));
}

std::string trim_trailing_newlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Rewrites `?` to $1..$n and counts them. Quoted text, quoted identifiers and
// comments are copied untouched, since a `?` there is data, not a parameter.
std::string number_placeholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  auto copy_until = [&](size_t end) {
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // E'...' strings let a backslash escape the quote; standard strings
      // only know the doubled quote, which the scan handles as two literals.
      bool backslashes =
          c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
          (i < 2 || !(std::isalnum(static_cast<unsigned char>(sql[i - 2])) || sql[i - 2] == '_'));
      size_t j = i + 1;
      while (j < sql.size() && sql[j] != c) j += (backslashes && sql[j] == '\\') ? 2 : 1;
      copy_until(std::min(j + 1, sql.size()));
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      copy_until(end == std::string_view::npos ? sql.size() : end);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      copy_until(end == std::string_view::npos ? sql.size() : end + 2);
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  *count = n;
  return out;
}

// Notices (e.g. "relation already exists, skipping") would otherwise go to
// stderr, in the middle of the server's structured log.
void ignore_notice(void*, const char*) {}

std::string param_text(const Value& value) {
  const auto& v = value.storage();
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    return buf;
  }
  if (auto p = std::get_if<std::string>(&v)) return *p;
  return {};
}

Value read_cell(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Value();
  const char* text = PQgetvalue(res, row, col);
  size_t size = static_cast<size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t out = 0;
      std::from_chars(text, text + size, out);
      return Value(static_cast<long long>(out));
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      // strtod also reads the server's "NaN", "Infinity" and "-Infinity".
      return Value(std::strtod(text, nullptr));
    case kBoolOid:
      return Value(text[0] == 't');
    default:
      return Value(std::string(text, size));
  }
}

// Owns a PGresult so that every early return and throw frees it.
class Result {
 public:
  explicit Result(PGresult* res) : res_(res) {}
  ~Result() { PQclear(res_); }
  Result(Result&& other) noexcept : res_(std::exchange(other.res_, nullptr)) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  PGresult* get() const { return res_; }
  ExecStatusType status() const { return PQresultStatus(res_); }
  bool ok() const {
    ExecStatusType s = status();
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
  }

 private:
  PGresult* res_;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? trim_trailing_newlines(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      // The URL may carry a password, so it stays out of the message; libpq's
      // own text already names the host and port.
      throw DatabaseError("cannot connect to PostgreSQL: " + message);
    }
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    try {
      // Strings are UTF-8 throughout the application whatever the database's
      // default, and time functions must not depend on the server's zone.
      if (PQsetClientEncoding(conn_, "UTF8") != 0) fail(nullptr, "SET client_encoding");
      run("SET TIME ZONE 'UTC'");
    } catch (...) {
      PQfinish(conn_);
      throw;
    }
  }

  ~PgConnection() override { PQfinish(conn_); }

  ResultSet query(std::string_view sql, const Params& params) override {
    Result res = exec_prepared(sql, params);
    ResultSet rs;
    int columns = PQnfields(res.get());
    int rows = PQntuples(res.get());
    rs.columns.reserve(columns);
    for (int c = 0; c < columns; ++c) rs.columns.emplace_back(PQfname(res.get(), c));
    rs.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) cells.push_back(read_cell(res.get(), r, c));
      rs.rows.emplace_back(std::move(cells));
    }
    return rs;
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    Result res = exec_prepared(sql, params);
    const char* tuples = PQcmdTuples(res.get());
    std::int64_t count = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), count);
    return count;
  }

  void execute_script(std::string_view sql) override { run(std::string(sql)); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_); }

  // Runs a statement without parameters; returns the command tag ("COMMIT",
  // "ROLLBACK", ...).
  std::string run(const std::string& sql) {
    Result res(PQexec(conn_, sql.c_str()));
    if (!res.ok()) fail(res.get(), sql);
    return PQcmdStatus(res.get());
  }

 private:
  struct Prepared {
    std::string name;
    int params;
  };

  Result exec_prepared(std::string_view sql, const Params& params) {
    const Prepared& stmt = prepare(sql);
    if (stmt.params != static_cast<int>(params.size())) {
      throw DatabaseError("postgres: statement wants " + std::to_string(stmt.params) +
                          " parameters, got " + std::to_string(params.size()) +
                          " in: " + excerpt(sql));
    }
    std::vector<std::string> texts;
    std::vector<const char*> values;
    texts.reserve(params.size());
    values.reserve(params.size());
    for (const Value& p : params) {
      texts.push_back(param_text(p));
      values.push_back(p.is_null() ? nullptr : texts.back().c_str());
    }
    Result res(PQexecPrepared(conn_, stmt.name.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0));
    if (!res.ok()) {
      // The statement's result columns changed under it (a migration altered
      // the table); only a fresh prepare fixes that. The old one stays on the
      // server until the next DEALLOCATE ALL, since deallocating now would
      // fail inside the aborted transaction.
      const char* code = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
      if (code && std::strcmp(code, "0A000") == 0) cache_.erase(std::string(sql));
      fail(res.get(), sql);
    }
    return res;
  }

  const Prepared& prepare(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) {
      run("DEALLOCATE ALL");
      cache_.clear();
    }
    int count = 0;
    std::string numbered = number_placeholders(sql, &count);
    // Names only need to be unique within this session; a counter never
    // reuses one, even for statements forgotten by the 0A000 path above.
    std::string name = "esc_" + std::to_string(++statements_prepared_);
    Result res(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr));
    if (!res.ok()) fail(res.get(), sql);
    return cache_.emplace(std::move(key), Prepared{std::move(name), count}).first->second;
  }

  [[noreturn]] void fail(const PGresult* res, std::string_view sql) {
    const char* code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    // Without a primary message the failure was on the client side (lost
    // connection, out of memory) and only the connection has the text.
    std::string message = primary ? primary : trim_trailing_newlines(PQerrorMessage(conn_));
    if (detail) message += std::string(" (") + detail + ")";
    if (code) message += std::string(" [") + code + "]";
    // Class 23 is integrity_constraint_violation: unique, foreign key, not
    // null, check and exclusion.
    bool constraint = code && std::strncmp(code, "23", 2) == 0;
    throw DatabaseError("postgres: " + message + " in: " + excerpt(sql), constraint);
  }

  PGconn* conn_;
  std::unordered_map<std::string, Prepared> cache_;
  std::uint64_t statements_prepared_ = 0;
};

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(PostgresOptions options) : options_(std::move(options)) {
    if (options_.max_connections == 0) options_.max_connections = 1;
    // Connecting now makes a bad URL or an unreachable server fail at open,
    // not at the first request.
    idle_.push_back(std::make_unique<PgConnection>(options_.url));
    open_ = 1;
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  void with_read(const std::function<void(Connection&)>& fn) override {
    Lease lease(this);
    fn(*lease.conn);
  }

  void with_transaction(const std::function<void(Connection&)>& fn) override {
    Lease lease(this);
    PgConnection& conn = *lease.conn;
    conn.run("BEGIN");
    // On a throw the lease rolls back.
    fn(conn);
    // After an error PostgreSQL answers COMMIT with a silent ROLLBACK, so a
    // caller that swallowed a DatabaseError would believe its other changes
    // were saved.
    if (conn.transaction_status() == PQTRANS_INERROR) {
      throw DatabaseError(
          "postgres: transaction rolled back because a statement in it failed earlier");
    }
    if (conn.run("COMMIT") == "ROLLBACK") {
      throw DatabaseError("postgres: COMMIT was turned into ROLLBACK by the server");
    }
  }

 private:
  // Borrows a pooled connection for one call and returns it afterwards,
  // unless it broke, in which case its slot goes to a fresh one later.
  struct Lease {
    explicit Lease(PgDatabase* db) : db(db), conn(db->take()) {}
    ~Lease() {
      // Whatever transaction is still open here, a failed write's or one a
      // reader began by hand, the next borrower must not inherit it. A
      // connection that cannot even roll back is dropped by give_back.
      if (!conn->broken() && conn->transaction_status() != PQTRANS_IDLE) {
        try {
          conn->run("ROLLBACK");
        } catch (...) {
        }
      }
      db->give_back(std::move(conn));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    PgDatabase* db;
    std::unique_ptr<PgConnection> conn;
  };

  std::unique_ptr<PgConnection> take() {
    std::unique_lock lock(mutex_);
    bool available = available_.wait_for(
        lock, kPoolWait, [&] { return !idle_.empty() || open_ < options_.max_connections; });
    if (!available) {
      throw DatabaseError("postgres: no connection free after " +
                          std::to_string(kPoolWait.count()) + "s (pool of " +
                          std::to_string(options_.max_connections) + ")");
    }
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (!conn->broken()) return conn;
      --open_;
    }
    // Connect outside the lock so a slow server does not stall every thread
    // that is only returning a connection.
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<PgConnection>(options_.url);
    } catch (...) {
      lock.lock();
      --open_;
      available_.notify_one();
      throw;
    }
  }

  void give_back(std::unique_ptr<PgConnection> conn) {
    bool keep = conn && !conn->broken() && conn->transaction_status() == PQTRANS_IDLE;
    if (!keep) conn.reset();
    std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
    available_.notify_one();
  }

  PostgresOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;  // idle plus lent out
};

}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresOptions& options) {
  return std::make_unique<PgDatabase>(options);
}

}  // namespace escalated::store
