// Errors a rule or service raises when a request cannot be carried out. They
// carry what the caller needs to mend the request; the HTTP layer turns them
// into RFC 9457 problem documents (see http/problem.h), and embedding hosts
// can catch them directly.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace escalated::core {

// Field name -> messages, as in {"errors": {"subject": ["is required"]}}.
using FieldErrors = std::map<std::string, std::vector<std::string>>;

class Error : public std::runtime_error {
 public:
  Error(int status, std::string title, std::string detail)
      : std::runtime_error(detail), status_(status), title_(std::move(title)) {}
  // The HTTP status that best describes the error.
  int status() const { return status_; }
  const std::string& title() const { return title_; }
  // Members the problem document carries besides type, title, status,
  // detail (and errors or allowed): such as the ticket a stale write missed,
  // or which action of a macro was refused.
  const boost::json::object& members() const { return members_; }
  Error& with(std::string_view name, boost::json::value value) {
    members_[name] = std::move(value);
    return *this;
  }

 private:
  int status_;
  std::string title_;
  boost::json::object members_;
};

// A well-formed request whose fields break the rules (422).
class ValidationError : public Error {
 public:
  explicit ValidationError(FieldErrors errors,
                           std::string detail = "The request has invalid fields.")
      : Error(422, "Unprocessable Content", std::move(detail)), errors_(std::move(errors)) {}
  ValidationError(const std::string& field, const std::string& message)
      : ValidationError(FieldErrors{{field, {message}}}) {}
  const FieldErrors& errors() const { return errors_; }

 private:
  FieldErrors errors_;
};

// A request that could not be read at all, such as a body that is not JSON (400).
class BadRequest : public Error {
 public:
  explicit BadRequest(std::string detail) : Error(400, "Bad Request", std::move(detail)) {}
};

// The thing does not exist, or the caller may not know that it exists (404).
class NotFound : public Error {
 public:
  explicit NotFound(std::string detail = "Not found.")
      : Error(404, "Not Found", std::move(detail)) {}
};

// What a lookup found, or NotFound ("No such <what>.") when it found nothing:
// the one way a service turns a missing record into a 404.
template <typename T>
T found_or_404(std::optional<T> record, std::string_view what) {
  if (!record) throw NotFound("No such " + std::string(what) + ".");
  return std::move(*record);
}

class Unauthorized : public Error {
 public:
  explicit Unauthorized(std::string detail = "Authentication is required.")
      : Error(401, "Unauthorized", std::move(detail)) {}
};

class Forbidden : public Error {
 public:
  explicit Forbidden(std::string detail = "You may not do this.")
      : Error(403, "Forbidden", std::move(detail)) {}
};

// The request clashes with the current state (409). `allowed` lists what the
// state would accept instead, such as the statuses a ticket may move to.
class Conflict : public Error {
 public:
  Conflict(std::string detail, std::vector<std::string> allowed = {})
      : Error(409, "Conflict", std::move(detail)), allowed_(std::move(allowed)) {}
  const std::vector<std::string>& allowed() const { return allowed_; }

 private:
  std::vector<std::string> allowed_;
};

// The storage engine failed: an engine error, a lost connection, or a unique
// or foreign-key constraint the change broke (`constraint_violation`). It is
// not a core::Error because no rule raised it: the HTTP layer answers 409 for
// a constraint and 503 otherwise, and logs the engine's words, which never
// reach the caller. store::DatabaseError is the store's own kind of it.
class StorageError : public std::runtime_error {
 public:
  explicit StorageError(const std::string& what, bool constraint_violation = false)
      : std::runtime_error(what), constraint_violation_(constraint_violation) {}
  bool constraint_violation() const { return constraint_violation_; }

 private:
  bool constraint_violation_;
};

// Collects field errors so a request reports all of them at once.
class FieldErrorCollector {
 public:
  void add(const std::string& field, const std::string& message) {
    errors_[field].push_back(message);
  }
  // Adds every error of `errors`, each field name prefixed (for nested parts).
  void add_all(const FieldErrors& errors, const std::string& prefix = "") {
    for (const auto& [field, messages] : errors)
      for (const auto& m : messages) add(prefix + field, m);
  }
  bool empty() const { return errors_.empty(); }
  const FieldErrors& errors() const { return errors_; }
  // Throws ValidationError when anything was collected.
  void raise_if_any() const {
    if (!errors_.empty()) throw ValidationError(errors_);
  }

 private:
  FieldErrors errors_;
};

}  // namespace escalated::core
