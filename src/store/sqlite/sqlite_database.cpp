#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "store/sqlite/fts_rank.h"

namespace escalated::store {
namespace {

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const SqliteOptions& options, bool writer) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(options.path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DatabaseError("cannot open sqlite database " + options.path + ": " + message);
    }
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    register_fts_rank(db_);
    execute_script("PRAGMA foreign_keys = ON");
    // SQLite's default page cache is 2 MB; the ticket indexes of a busy
    // helpdesk are far larger, and every insert walks several of them. There
    // are many readers, so each keeps a small cache and leaves the rest to
    // the OS page cache, which they share.
    execute_script(writer ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -4096");
    execute_script("PRAGMA temp_store = MEMORY");
    if (writer) {
      execute_script("PRAGMA journal_mode = WAL");
      execute_script(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                              : "PRAGMA synchronous = NORMAL");
    }
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  ResultSet query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    ResultSet rs;
    int columns = sqlite3_column_count(stmt);
    rs.columns.reserve(columns);
    for (int i = 0; i < columns; ++i) rs.columns.emplace_back(sqlite3_column_name(stmt, i));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int i = 0; i < columns; ++i) cells.push_back(read_cell(stmt, i));
      rs.rows.emplace_back(std::move(cells));
    }
    finish(stmt, rc, sql);
    return rs;
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    finish(stmt, rc, sql);
    return sqlite3_changes64(db_);
  }

  void execute_script(std::string_view sql) override {
    std::string text(sql);
    char* error = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw DatabaseError("sqlite: " + message + " in: " + text.substr(0, 200));
    }
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    sqlite3_stmt* stmt;
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        throw DatabaseError(std::string("sqlite prepare: ") + sqlite3_errmsg(db_) +
                            " in: " + std::string(sql));
      }
      // Dynamically built queries (filters) could grow the cache without
      // bound; past a generous size, start afresh.
      if (cache_.size() > 512) {
        for (auto& [text, old] : cache_) sqlite3_finalize(old);
        cache_.clear();
      }
      cache_.emplace(std::string(sql), stmt);
    }
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      throw DatabaseError("sqlite: statement wants " + std::to_string(expected) +
                          " parameters, got " + std::to_string(params.size()) +
                          " in: " + std::string(sql));
    }
    for (int i = 0; i < expected; ++i) bind(stmt, i + 1, params[i]);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int index, const Value& value) {
    const auto& v = value.storage();
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(v)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (auto p = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, index, *p);
    } else if (auto p = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, index, *p);
    } else if (auto p = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, index, p->data(), p->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) throw DatabaseError(std::string("sqlite bind: ") + sqlite3_errmsg(db_));
  }

  static Value read_cell(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        return Value(static_cast<long long>(sqlite3_column_int64(stmt, i)));
      case SQLITE_FLOAT:
        return Value(sqlite3_column_double(stmt, i));
      case SQLITE_NULL:
        return Value();
      default: {
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        int size = sqlite3_column_bytes(stmt, i);
        return Value(std::string(text ? text : "", static_cast<size_t>(size)));
      }
    }
  }

  void finish(sqlite3_stmt* stmt, int rc, std::string_view sql) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE) {
      int primary = rc & 0xff;
      bool constraint = primary == SQLITE_CONSTRAINT;
      throw DatabaseError(std::string("sqlite: ") + sqlite3_errstr(rc) + ": " +
                              sqlite3_errmsg(db_) + " in: " + std::string(sql).substr(0, 200),
                          constraint);
    }
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(SqliteOptions options)
      : options_(std::move(options)), writer_(options_, /*writer=*/true) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  // A read runs in one deferred transaction: every statement in it sees the
  // same snapshot, and the shared lock is taken once rather than per
  // statement.
  void with_read(const std::function<void(Connection&)>& fn) override {
    std::unique_ptr<SqliteConnection> conn = take_reader();
    // A failing reader goes back to the pool too: it holds no transaction.
    struct Return {
      SqliteDatabase* self;
      std::unique_ptr<SqliteConnection>& conn;
      ~Return() { self->give_back(std::move(conn)); }
    } give_back_on_exit{this, conn};
    conn->execute_script("BEGIN");
    try {
      fn(*conn);
    } catch (...) {
      try {
        conn->execute_script("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
    conn->execute_script("COMMIT");
  }

  // Group commit. SQLite has one writer and each commit pays an fsync, so
  // writers that arrive while a commit is in progress queue up, and the next
  // one to run becomes the leader: it runs every queued write in ONE
  // transaction, each inside its own SAVEPOINT so a failing write rolls back
  // alone, then commits once and wakes the others. Nobody returns before the
  // commit that holds their write is durable.
  void with_transaction(const std::function<void(Connection&)>& fn) override {
    PendingWrite me{&fn, nullptr, false, {}};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&me);
    while (!me.done) {
      if (leader_active_ || queue_.front() != &me) {
        me.wake.wait(lock);
        continue;
      }
      // Lead: take the oldest queued writes, this one first, and commit
      // them together.
      leader_active_ = true;
      size_t take = std::min(queue_.size(), kMaxBatch);
      std::vector<PendingWrite*> batch(queue_.begin(),
                                       queue_.begin() + static_cast<std::ptrdiff_t>(take));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
      lock.unlock();
      run_batch(batch);
      lock.lock();
      // Wake exactly the writers of this batch, and whoever leads next:
      // waking every waiter on each commit costs more than the commit.
      for (PendingWrite* w : batch) {
        w->done = true;
        if (w != &me) w->wake.notify_one();
      }
      leader_active_ = false;
      if (!queue_.empty()) queue_.front()->wake.notify_one();
    }
    if (me.error) std::rethrow_exception(me.error);
  }

 private:
  struct PendingWrite {
    const std::function<void(Connection&)>* fn;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable wake;  // waits on queue_mutex_
  };
  static constexpr size_t kMaxBatch = 256;

  // Runs a batch in one transaction; fills in each write's error.
  void run_batch(const std::vector<PendingWrite*>& batch) {
    try {
      writer_.execute_script("BEGIN IMMEDIATE");
    } catch (...) {
      for (PendingWrite* w : batch) w->error = std::current_exception();
      return;
    }
    bool single = batch.size() == 1;
    for (PendingWrite* w : batch) {
      // A lone write needs no savepoint: the transaction is its own.
      if (!single) writer_.execute_script("SAVEPOINT w");
      try {
        (*w->fn)(writer_);
        if (!single) writer_.execute_script("RELEASE w");
      } catch (...) {
        w->error = std::current_exception();
        if (!single) {
          try {
            writer_.execute_script("ROLLBACK TO w; RELEASE w");
          } catch (...) {
          }
        }
      }
    }
    if (single && batch[0]->error) {
      try {
        writer_.execute_script("ROLLBACK");
      } catch (...) {
      }
      return;
    }
    try {
      writer_.execute_script("COMMIT");
    } catch (...) {
      auto failure = std::current_exception();
      try {
        writer_.execute_script("ROLLBACK");
      } catch (...) {
      }
      for (PendingWrite* w : batch) {
        if (!w->error) w->error = failure;
      }
    }
  }

  std::unique_ptr<SqliteConnection> take_reader() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!readers_.empty()) {
        auto conn = std::move(readers_.back());
        readers_.pop_back();
        return conn;
      }
    }
    return std::make_unique<SqliteConnection>(options_, /*writer=*/false);
  }

  void give_back(std::unique_ptr<SqliteConnection> conn) {
    std::lock_guard lock(pool_mutex_);
    if (readers_.size() < options_.max_readers) readers_.push_back(std::move(conn));
  }

  SqliteOptions options_;
  SqliteConnection writer_;
  std::mutex queue_mutex_;
  std::deque<PendingWrite*> queue_;
  bool leader_active_ = false;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options) {
  // SQLite's memory accounting takes a global mutex on every allocation;
  // nothing here reads it. Only possible before SQLite initialises.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace escalated::store
