#include "http/problem.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/ticket_search.h"

namespace escalated::http {

namespace json = boost::json;

namespace {

json::object problem_body(int status, const std::string& title, const std::string& detail,
                          const core::FieldErrors& errors) {
  json::object o;
  o["type"] = "about:blank";
  o["title"] = title;
  o["status"] = status;
  o["detail"] = detail;
  if (!errors.empty()) {
    json::object e;
    for (const auto& [field, messages] : errors) {
      json::array list;
      for (const auto& m : messages) list.emplace_back(m);
      e[field] = std::move(list);
    }
    o["errors"] = std::move(e);
  }
  return o;
}

Response to_response(int status, const json::object& body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/problem+json");
  r.body = json::serialize(body);
  return r;
}

}  // namespace

Response problem(int status, const std::string& title, const std::string& detail,
                 const core::FieldErrors& errors) {
  return to_response(status, problem_body(status, title, detail, errors));
}

Response problem_from_exception(std::exception_ptr error, std::string& log) {
  try {
    std::rethrow_exception(error);
  } catch (const core::SearchSyntaxError& e) {
    json::object body = problem_body(e.status(), e.title(), e.what(), e.errors());
    body["position"] = e.position();
    return to_response(e.status(), body);
  } catch (const core::ValidationError& e) {
    json::object body = problem_body(e.status(), e.title(), e.what(), e.errors());
    for (const auto& [name, value] : e.members()) body[name] = value;
    return to_response(e.status(), body);
  } catch (const core::Conflict& e) {
    json::object body = problem_body(e.status(), e.title(), e.what(), {});
    for (const auto& [name, value] : e.members()) body[name] = value;
    if (!e.allowed().empty()) {
      json::array allowed;
      for (const auto& a : e.allowed()) allowed.emplace_back(a);
      body["allowed"] = std::move(allowed);
    }
    return to_response(e.status(), body);
  } catch (const core::Error& e) {
    json::object body = problem_body(e.status(), e.title(), e.what(), {});
    for (const auto& [name, value] : e.members()) body[name] = value;
    return to_response(e.status(), body);
  } catch (const core::StorageError& e) {
    log = e.what();
    if (e.constraint_violation()) {
      return problem(409, "Conflict", "The change clashes with existing data.");
    }
    return problem(503, "Service Unavailable", "The database could not complete the request.");
  } catch (const std::exception& e) {
    log = e.what();
    return problem(500, "Internal Server Error", "Something went wrong on our side.");
  } catch (...) {
    log = "unknown exception";
    return problem(500, "Internal Server Error", "Something went wrong on our side.");
  }
}

}  // namespace escalated::http
