// What a handler gets: the request, its path and query parameters, the
// caller, and readers for the JSON body that collect field errors the way
// every route reports them.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "escalated/http.h"
#include "http/multipart.h"
#include "services/actor.h"

namespace escalated::http {

class RequestContext {
 public:
  RequestContext(const Request& request, std::map<std::string, std::string> params,
                 std::optional<services::Actor> actor)
      : request_(request), params_(std::move(params)), actor_(std::move(actor)) {}

  const Request& request() const { return request_; }
  const std::string& param(const std::string& name) const { return params_.at(name); }
  // A path parameter that must be a positive integer; NotFound otherwise.
  std::int64_t id_param(const std::string& name) const;

  // First value of a query parameter.
  std::optional<std::string> query(const std::string& name) const;

  bool signed_in() const { return actor_.has_value(); }
  // The caller; the dispatcher guarantees it is set on non-public routes.
  const services::Actor& actor() const { return *actor_; }

  // The body as a JSON object: BadRequest (400) when it is not JSON, or not an
  // object. An empty body reads as {}. A multipart/form-data body reads as
  // an object of its non-file fields (strings; id fields accept digits), its
  // `attachments` file parts going to uploads(); other file parts are a 400.
  const boost::json::object& body();
  // The `attachments` file parts of a multipart/form-data body, in order.
  const std::vector<MultipartPart>& uploads() {
    body();
    return uploads_;
  }

  // Typed field readers. A wrong type adds a field error (422 on check());
  // a missing field gives nullopt. Unknown fields are ignored.
  std::optional<std::string> string_field(const char* name);
  // A string field that must be there: "is required" when absent or null,
  // "must be a string" when of another type; "" in both cases.
  std::string required_string(const char* name);
  std::optional<bool> bool_field(const char* name);
  // For fields where null means "clear": nullopt = absent, optional(nullopt) = null.
  std::optional<std::optional<std::int64_t>> nullable_id_field(const char* name);
  std::optional<std::int64_t> id_field(const char* name);
  // Any whole number (a JSON integer, not 4.0 or "4"): "must be an integer"
  // otherwise. The range is the service's to check.
  std::optional<std::int64_t> int_field(const char* name);
  void field_error(const std::string& name, const std::string& message) {
    errors_.add(name, message);
  }
  // Raises the collected field errors, if any (422).
  void check() const { errors_.raise_if_any(); }

 private:
  const Request& request_;
  std::map<std::string, std::string> params_;
  std::optional<services::Actor> actor_;
  std::optional<boost::json::object> body_;
  std::vector<MultipartPart> uploads_;
  bool form_ = false;  // the body was multipart/form-data
  mutable std::optional<std::vector<std::pair<std::string, std::string>>> query_;
  core::FieldErrorCollector errors_;
};

// The value of one cookie in the request's Cookie header(s).
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

// Responses in the API's formats.
Response json_response(int status, const boost::json::value& value);
Response no_content();

}  // namespace escalated::http
