#include "support/builders.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <stdexcept>

namespace escalated::testing {

namespace json = boost::json;

namespace {

// The answer's id, failing the test unless the server answered 201.
std::int64_t created_id(const HttpResult& r, const std::string& what) {
  EXPECT_EQ(r.status, 201) << what << ": " << r.body;
  json::value body = r.json();
  if (!body.is_object() || !body.as_object().contains("id")) {
    ADD_FAILURE() << what << " answered no id: " << r.body;
    return 0;
  }
  return body.at("id").as_int64();
}

}  // namespace

json::object Build::ticket_json(HttpClient& as, const std::string& subject,
                                json::object extra) const {
  extra["subject"] = subject;
  if (!extra.contains("description")) extra["description"] = "It is on fire.";
  HttpResult r = as.post_json(path("/tickets"), extra);
  EXPECT_EQ(r.status, 201) << "opening a ticket: " << r.body;
  json::value body = r.json();
  return body.is_object() ? body.as_object() : json::object();
}

std::int64_t Build::ticket(HttpClient& as, const std::string& subject, json::object extra) const {
  json::object t = ticket_json(as, subject, std::move(extra));
  return t.contains("id") ? t.at("id").as_int64() : 0;
}

std::int64_t Build::department(HttpClient& admin, const std::string& name) const {
  return created_id(admin.post_json(path("/admin/departments"), json::object{{"name", name}}),
                    "creating department " + name);
}

std::int64_t Build::tag(HttpClient& admin, const std::string& name) const {
  return created_id(admin.post_json(path("/admin/tags"), json::object{{"name", name}}),
                    "creating tag " + name);
}

void Build::status(HttpClient& agent, std::int64_t ticket, const std::string& status) const {
  HttpResult r = agent.post_json(path("/agent/tickets/" + std::to_string(ticket) + "/status"),
                                 json::object{{"status", status}});
  EXPECT_EQ(r.status, 200) << "moving ticket " << ticket << " to " << status << ": " << r.body;
}

std::vector<std::string> Build::search(HttpClient& as, const std::string& base,
                                       const std::string& q) const {
  HttpResult r = as.get(path(base + "?sort=created_at&q=" + url_encoded(q)));
  EXPECT_EQ(r.status, 200) << q << " " << r.body;
  std::vector<std::string> out;
  if (r.status != 200) return out;
  json::value body = r.json();
  for (const auto& t : body.at("data").as_array()) out.emplace_back(t.at("subject").as_string());
  return out;
}

std::set<std::string> error_fields(const HttpResult& r) {
  std::set<std::string> out;
  json::value body = r.json();
  if (!body.is_object()) return out;
  if (const auto* errors = body.as_object().if_contains("errors"); errors && errors->is_object())
    for (const auto& [field, messages] : errors->as_object()) out.emplace(field);
  return out;
}

std::string url_encoded(const std::string& text) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::filesystem::path fresh_directory(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::size_t files_under(const std::filesystem::path& dir) {
  std::size_t n = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

}  // namespace escalated::testing
