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

#include "core/actor.h"
#include "core/errors.h"
#include "core/json_fields.h"
#include "escalated/http.h"
#include "http/multipart.h"

namespace escalated::http {

class RequestContext {
 public:
  RequestContext(const Request& request, std::map<std::string, std::string> params,
                 std::optional<core::Actor> actor, std::string client_address = {})
      : request_(request),
        params_(std::move(params)),
        actor_(std::move(actor)),
        client_address_(client_address.empty() ? request.remote_address
                                               : std::move(client_address)) {}

  const Request& request() const { return request_; }
  // The client's address (TrustedProxies applied); never the raw peer's
  // forwarded headers.
  const std::string& client_address() const { return client_address_; }
  const std::string& param(const std::string& name) const { return params_.at(name); }
  // A path parameter that must be a positive integer; NotFound otherwise.
  std::int64_t id_param(const std::string& name) const;

  // First value of a query parameter.
  std::optional<std::string> query(const std::string& name) const;
  // A query parameter that must be a whole number from min to max: nullopt
  // when absent; when given otherwise (empty included), nullopt and
  // `message` (by default "must be a whole number from min to max")
  // collected for check().
  std::optional<std::int64_t> query_int(const std::string& name, std::int64_t min, std::int64_t max,
                                        const std::string& message = "");

  bool signed_in() const { return actor_.has_value(); }
  // The caller; the dispatcher guarantees it is set on non-public routes.
  const core::Actor& actor() const { return *actor_; }

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

  // The body's members, read by type (core/json_fields.h); problems collect
  // until check(). Reading it reads the body (so it can throw BadRequest).
  core::JsonFields& fields();
  // Raises the collected field errors, if any (422), a body member no
  // reader asked for among them ("is unknown").
  void check();

 private:
  const Request& request_;
  std::map<std::string, std::string> params_;
  std::optional<core::Actor> actor_;
  std::string client_address_;
  std::optional<boost::json::object> body_;
  std::vector<MultipartPart> uploads_;
  bool form_ = false;  // the body was multipart/form-data
  std::optional<core::JsonFields> fields_;
  mutable std::optional<std::vector<std::pair<std::string, std::string>>> query_;
  core::FieldErrorCollector errors_;
};

// The value of one cookie in the request's Cookie header(s).
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

// Responses in the API's formats.
Response json_response(int status, const boost::json::value& value);
Response no_content();

}  // namespace escalated::http
