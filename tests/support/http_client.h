// A small blocking HTTP client for tests (libcurl), with a cookie jar and the
// CSRF header handled the way the web UI does it.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace escalated::testing {

struct HttpResult {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::string body;

  // The body parsed as JSON (null when it is not JSON).
  boost::json::value json() const;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// One file part of a multipart/form-data request.
struct FilePart {
  std::string filename;
  std::string content_type;  // no Content-Type header when empty
  std::string data;
  std::string name = "attachments";
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Adds an exchange another client made (the WebSocket handshake) to the
// contract log that HttpClient writes when ESCALATED_CONTRACT_LOG is set;
// does nothing otherwise. `route_prefix` is the server's ("" when unknown).
void record_exchange(const std::string& route_prefix, const std::string& method,
                     const std::string& path,
                     const std::map<std::string, std::string>& request_headers,
                     const HttpResult& result);

class HttpClient {
 public:
  // base_url: "http://127.0.0.1:PORT"; route_prefix: the server's ("/support"),
  // when known, recorded with each exchange for the contract check.
  explicit HttpClient(std::string base_url, std::string route_prefix = "");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult get(const std::string& path, const std::map<std::string, std::string>& headers = {});
  HttpResult post(const std::string& path, const std::string& body,
                  const std::map<std::string, std::string>& headers = {});
  HttpResult post_json(const std::string& path, const boost::json::value& body) {
    return post(path, serialize(body));
  }
  // POSTs the fields and files as multipart/form-data.
  HttpResult post_multipart(const std::string& path, const FormFields& fields,
                            const std::vector<FilePart>& files = {});
  static std::string multipart_body(const std::string& boundary, const FormFields& fields,
                                    const std::vector<FilePart>& files);
  HttpResult request(const std::string& method, const std::string& path, const std::string& body,
                     std::map<std::string, std::string> headers = {});

  // Signs in through POST {prefix}/auth/login, keeping the cookie and CSRF
  // token for later requests. Returns the login response.
  HttpResult login(const std::string& prefix, const std::string& email,
                   const std::string& password);
  void set_csrf_token(std::string token) { csrf_ = std::move(token); }
  void clear_cookies() { cookies_.clear(); }
  // The Cookie header the client sends ("" when it has none).
  std::string cookie_header() const;
  // Extra header sent on every request (e.g. Accept).
  void set_default_header(const std::string& name, const std::string& value) {
    defaults_[name] = value;
  }

  static std::string serialize(const boost::json::value& v);

 private:
  std::string base_;
  std::string route_prefix_;
  std::map<std::string, std::string> cookies_;
  std::map<std::string, std::string> defaults_;
  std::string csrf_;
  void* curl_;
};

}  // namespace escalated::testing
