// Values that cross the Database interface: SQL parameters and result cells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace escalated::store {

// NULL, a 64-bit integer, a double or text. Booleans travel as 0/1 integers so
// the same schema works on both engines.
class Value {
 public:
  using Storage = std::variant<std::monostate, std::int64_t, double, std::string>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}
  Value(long v) : v_(static_cast<std::int64_t>(v)) {}
  Value(long long v) : v_(static_cast<std::int64_t>(v)) {}
  Value(unsigned v) : v_(static_cast<std::int64_t>(v)) {}
  Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  bool is_text() const { return std::holds_alternative<std::string>(v_); }

  // Typed reads convert where it is lossless-enough (text "42" -> 42), and
  // return 0 / "" for NULL; use the optional forms where NULL matters.
  std::int64_t as_int() const;
  double as_double() const;
  std::string as_text() const;

  const Storage& storage() const { return v_; }

 private:
  Storage v_;
};

using Params = std::vector<Value>;

// One result row; cells are addressed by column index in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  const Value& at(size_t i) const { return cells_.at(i); }
  bool is_null(size_t i) const { return at(i).is_null(); }
  std::int64_t i64(size_t i) const { return at(i).as_int(); }
  bool boolean(size_t i) const { return at(i).as_int() != 0; }
  double f64(size_t i) const { return at(i).as_double(); }
  std::string text(size_t i) const { return at(i).as_text(); }
  std::optional<std::int64_t> opt_i64(size_t i) const {
    if (is_null(i)) return std::nullopt;
    return i64(i);
  }
  std::optional<std::string> opt_text(size_t i) const {
    if (is_null(i)) return std::nullopt;
    return text(i);
  }

 private:
  std::vector<Value> cells_;
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;

  bool empty() const { return rows.empty(); }
  const Row& first() const { return rows.at(0); }
};

}  // namespace escalated::store
