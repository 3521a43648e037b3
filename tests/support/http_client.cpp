#include "support/http_client.h"

#include <curl/curl.h>

#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace escalated::testing {

namespace json = boost::json;

json::value HttpResult::json() const {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  return ec ? json::value() : v;
}

std::string HttpClient::serialize(const json::value& v) {
  return json::serialize(v);
}

HttpClient::HttpClient(std::string base_url, std::string route_prefix)
    : base_(std::move(base_url)), route_prefix_(std::move(route_prefix)) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == 0;
  (void)initialised;
  curl_ = curl_easy_init();
  defaults_["Accept"] = "application/json";
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

namespace {

size_t write_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

struct HeaderSink {
  HttpResult* result;
  std::map<std::string, std::string>* cookies;
};

size_t write_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<HeaderSink*>(user);
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    if (name == "set-cookie") {
      auto eq = value.find('=');
      auto semi = value.find(';');
      std::string cname = value.substr(0, eq);
      std::string cvalue =
          value.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
      if (value.find("Max-Age=0") != std::string::npos || cvalue.empty())
        sink->cookies->erase(cname);
      else
        (*sink->cookies)[cname] = cvalue;
    }
    sink->result->headers[name] = value;
  }
  return size * count;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string header_value(const std::map<std::string, std::string>& headers,
                         const std::string& lower_name) {
  for (const auto& [k, v] : headers)
    if (lower(k) == lower_name) return v;
  return "";
}

bool is_json_type(const std::string& content_type) {
  std::string t = lower(content_type.substr(0, content_type.find(';')));
  return t == "application/json" || (t.size() > 5 && t.compare(t.size() - 5, 5, "+json") == 0);
}

// Every exchange as one JSON line in $ESCALATED_CONTRACT_LOG/<pid>.jsonl, for
// tests/contract/check-exchanges.mjs to validate against docs/openapi.yaml.
// Bodies that are not JSON (multipart, attachments, pages) are left out.
class ExchangeLog {
 public:
  static ExchangeLog& instance() {
    static ExchangeLog log;
    return log;
  }
  bool enabled() const { return file_ != nullptr; }
  void write(const std::string& route_prefix, const std::string& method, const std::string& path,
             const std::map<std::string, std::string>& request_headers,
             const std::string& request_body, const HttpResult& result) {
    std::string request_type = header_value(request_headers, "content-type");
    std::string response_type = result.header("content-type");
    json::object line{
        {"prefix", route_prefix.empty() ? json::value() : json::value(route_prefix)},
        {"method", method},
        {"path", path},
        {"accept", header_value(request_headers, "accept")},
        {"request_content_type", request_type},
        {"request_body", is_json_type(request_type) ? json::value(request_body) : json::value()},
        {"status", result.status},
        {"response_content_type", response_type},
        {"response_length", result.body.size()},
        {"response_body", is_json_type(response_type) ? json::value(result.body) : json::value()},
    };
    std::string text = json::serialize(line) + "\n";
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), file_);
    std::fflush(file_);
  }

 private:
  ExchangeLog() {
    const char* dir = std::getenv("ESCALATED_CONTRACT_LOG");
    if (dir == nullptr || *dir == '\0') return;
    std::string path = std::string(dir) + "/" + std::to_string(::getpid()) + ".jsonl";
    file_ = std::fopen(path.c_str(), "a");
    if (file_ == nullptr) throw std::runtime_error("cannot write the exchange log " + path);
  }
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

}  // namespace

HttpResult HttpClient::request(const std::string& method, const std::string& path,
                               const std::string& body,
                               std::map<std::string, std::string> headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  HttpResult result;
  HeaderSink sink{&result, &cookies_};
  std::string url = base_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (method != "GET" && method != "HEAD") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  // Straight to the server on loopback, whatever proxy the environment names
  // (webhooks_test sets one to prove the helpdesk ignores it).
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  for (const auto& [k, v] : defaults_) headers.emplace(k, v);
  if (!body.empty()) headers.emplace("Content-Type", "application/json");
  if (!csrf_.empty()) headers.emplace("X-CSRF-Token", csrf_);
  headers.emplace("Expect", "");
  struct curl_slist* list = nullptr;
  for (const auto& [k, v] : headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  std::string cookie = cookie_header();
  if (!cookie.empty()) curl_easy_setopt(curl, CURLOPT_COOKIE, cookie.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (rc != CURLE_OK)
    throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  ExchangeLog& log = ExchangeLog::instance();
  if (log.enabled()) log.write(route_prefix_, method, path, headers, body, result);
  return result;
}

void record_exchange(const std::string& route_prefix, const std::string& method,
                     const std::string& path,
                     const std::map<std::string, std::string>& request_headers,
                     const HttpResult& result) {
  ExchangeLog& log = ExchangeLog::instance();
  if (log.enabled()) log.write(route_prefix, method, path, request_headers, "", result);
}

HttpResult HttpClient::get(const std::string& path,
                           const std::map<std::string, std::string>& headers) {
  return request("GET", path, "", headers);
}

HttpResult HttpClient::post(const std::string& path, const std::string& body,
                            const std::map<std::string, std::string>& headers) {
  return request("POST", path, body, headers);
}

HttpResult HttpClient::login(const std::string& prefix, const std::string& email,
                             const std::string& password) {
  HttpResult r =
      post_json(prefix + "/auth/login", json::object{{"email", email}, {"password", password}});
  if (r.status == 200) csrf_ = std::string(r.json().at("csrf_token").as_string());
  return r;
}

std::string HttpClient::multipart_body(const std::string& boundary, const FormFields& fields,
                                       const std::vector<FilePart>& files) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  for (const auto& f : files) {
    std::string quoted;
    for (char ch : f.filename) {
      if (ch == '"' || ch == '\\') quoted += '\\';
      quoted += ch;
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.name +
            "\"; filename=\"" + quoted + "\"\r\n";
    if (!f.content_type.empty()) body += "Content-Type: " + f.content_type + "\r\n";
    body += "\r\n" + f.data + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

HttpResult HttpClient::post_multipart(const std::string& path, const FormFields& fields,
                                      const std::vector<FilePart>& files) {
  const std::string boundary = "----escalated-test-7d1f0c";
  return post(path, multipart_body(boundary, fields, files),
              {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

std::string HttpClient::cookie_header() const {
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  return cookie;
}

}  // namespace escalated::testing
