#include "http/request_context.h"

#include <strings.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/text.h"
#include "http/router.h"

namespace escalated::http {

namespace json = boost::json;

std::int64_t RequestContext::id_param(const std::string& name) const {
  if (auto value = core::positive_int(param(name))) return *value;
  throw core::NotFound("Not found.");
}

std::optional<std::string> RequestContext::query(const std::string& name) const {
  if (!query_) query_ = parse_query(request_.query());
  for (const auto& [key, value] : *query_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

const json::object& RequestContext::body() {
  if (body_) return *body_;
  if (auto type = request_.header("Content-Type")) {
    if (auto boundary = form_data_boundary(*type)) {
      json::object fields;
      for (auto& part : parse_form_data(request_.body, *boundary)) {
        if (part.filename) {
          if (part.name != "attachments")
            throw core::BadRequest("Files go in parts named \"attachments\"; \"" + part.name +
                                   "\" is not one.");
          uploads_.push_back(std::move(part));
        } else {
          if (fields.contains(part.name))
            throw core::BadRequest("The form field \"" + part.name + "\" is given twice.");
          fields[part.name] = part.data;
        }
      }
      form_ = true;
      body_ = std::move(fields);
      return *body_;
    }
  }
  std::string_view text = request_.body;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    body_ = json::object();
    return *body_;
  }
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) throw core::BadRequest("The body is not valid JSON: " + ec.message() + ".");
  if (!v.is_object()) throw core::BadRequest("The body must be a JSON object.");
  body_ = std::move(v.as_object());
  return *body_;
}

std::optional<std::int64_t> RequestContext::query_int(const std::string& name, std::int64_t min,
                                                      std::int64_t max,
                                                      const std::string& message) {
  auto text = query(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (!text->empty() && ec == std::errc() && ptr == end && value >= min && value <= max)
    return value;
  errors_.add(name, message.empty() ? "must be a whole number from " + std::to_string(min) +
                                          " to " + std::to_string(max)
                                    : message);
  return std::nullopt;
}

void RequestContext::check() {
  if (fields_) fields_->report_unread();
  errors_.raise_if_any();
}

core::JsonFields& RequestContext::fields() {
  if (!fields_) {
    const json::object& object = body();
    fields_.emplace(object, errors_);
    // A form carries every value as text, ids and numbers included.
    fields_->numbers_as_text(form_);
  }
  return *fields_;
}

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() != 6 || strncasecmp(key.c_str(), "cookie", 6) != 0) continue;
    std::string_view text = value;
    while (!text.empty()) {
      auto semi = text.find(';');
      std::string_view part = text.substr(0, semi);
      text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      auto eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) {
        return std::string(part.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

Response json_response(int status, const json::value& value) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(value);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace escalated::http
