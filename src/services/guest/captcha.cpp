#include "services/guest/captcha.h"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <memory>

#include "services/base/curl_support.h"

namespace escalated::services {

namespace {

size_t collect(char* data, size_t size, size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * count > 64 * 1024) return 0;  // no verifier says this much
  body->append(data, size * count);
  return size * count;
}

std::string form_value(CURL* curl, const std::string& value) {
  std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(curl, value.c_str(), static_cast<int>(value.size())), curl_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

}  // namespace

bool verify_captcha(const GuestOptions& options, const std::string& response,
                    const std::string& client_ip) {
  curl_global_once();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return false;
  std::string form = "secret=" + form_value(curl.get(), options.captcha_secret) +
                     "&response=" + form_value(curl.get(), response) +
                     "&remoteip=" + form_value(curl.get(), client_ip);
  std::string body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, options.captcha_verify_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK || status != 200) {
    spdlog::warn("captcha verification failed: {} (HTTP {})", curl_easy_strerror(rc), status);
    return false;
  }
  boost::system::error_code ec;
  auto answer = boost::json::parse(body, ec);
  if (ec || !answer.is_object()) return false;
  auto success = answer.as_object().if_contains("success");
  return success && success->is_bool() && success->as_bool();
}

}  // namespace escalated::services
