// The one persistence interface. Two engines sit behind it (SQLite and
// PostgreSQL), each over its own C API, so each keeps its strengths. SQL is
// written once in the common subset both accept, with `?` placeholders; the
// PostgreSQL backend numbers them.
//
// Work happens inside read() or write(): read() lends a connection that sees a
// consistent snapshot for plain SELECTs, write() runs the function inside one
// transaction that commits when it returns and rolls back when it throws, so
// a failed request never leaves half a change behind.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/errors.h"
#include "store/value.h"

namespace escalated::store {

enum class Dialect { kSqlite, kPostgres };

// Raised for any engine error. `constraint_violation` is true for unique and
// foreign-key failures, which services turn into 409/422 answers.
class DatabaseError : public core::StorageError {
 public:
  using core::StorageError::StorageError;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one statement (prepared once per connection and cached) and returns
  // every row it produced.
  virtual ResultSet query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns how many rows it changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements separated by semicolons, without parameters
  // (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;

  // Convenience: the first column of the first row, or nullopt when no row.
  std::optional<Value> scalar(std::string_view sql, const Params& params = {}) {
    ResultSet rs = query(sql, params);
    if (rs.empty()) return std::nullopt;
    return rs.first().at(0);
  }
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens "sqlite:PATH" (created if missing) or "postgresql://..." /
  // "postgres://..." URLs. Throws DatabaseError when it cannot.
  static std::unique_ptr<Database> open(const std::string& url);

  virtual Dialect dialect() const = 0;

  // Runs fn on a connection for reading. On SQLite every statement in fn
  // sees one snapshot; on PostgreSQL each statement sees the data committed
  // when it starts.
  virtual void with_read(const std::function<void(Connection&)>& fn) = 0;
  // Runs fn inside one write transaction. SQLite serialises writers; on
  // PostgreSQL concurrent transactions run side by side.
  virtual void with_transaction(const std::function<void(Connection&)>& fn) = 0;

  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F, Connection&> {
    return run(&Database::with_read, std::forward<F>(fn));
  }
  template <typename F>
  auto write(F&& fn) -> std::invoke_result_t<F, Connection&> {
    return run(&Database::with_transaction, std::forward<F>(fn));
  }

 private:
  template <typename F>
  auto run(void (Database::*method)(const std::function<void(Connection&)>&), F&& fn)
      -> std::invoke_result_t<F, Connection&> {
    using R = std::invoke_result_t<F, Connection&>;
    if constexpr (std::is_void_v<R>) {
      (this->*method)([&](Connection& c) { fn(c); });
    } else {
      std::optional<R> out;
      (this->*method)([&](Connection& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }
};

}  // namespace escalated::store
