// What every libcurl user here needs: the library initialised before the
// first handle, owners that free each handle exactly once, a batch that runs
// transfers side by side, and a jitter source for retry schedules.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace escalated::services {

inline void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// A curl_slist (headers, recipients, resolve entries), freed with its owner.
// It must outlive every transfer that uses it: declare it before the batch.
class CurlList {
 public:
  CurlList() = default;
  CurlList(const CurlList&) = delete;
  CurlList& operator=(const CurlList&) = delete;
  ~CurlList() { curl_slist_free_all(list_); }
  void append(const std::string& item) { list_ = curl_slist_append(list_, item.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// Transfers run side by side through one multi handle. The batch owns every
// easy handle it makes: its end takes each out of the multi handle, frees
// it, then frees the multi handle, in the order libcurl requires.
class CurlBatch {
 public:
  CurlBatch() : multi_(curl_multi_init()) {}
  CurlBatch(const CurlBatch&) = delete;
  CurlBatch& operator=(const CurlBatch&) = delete;
  ~CurlBatch() {
    for (CURL* easy : easies_) {
      curl_multi_remove_handle(multi_, easy);
      curl_easy_cleanup(easy);
    }
    curl_multi_cleanup(multi_);
  }

  // A new transfer for the caller to set up; it runs once perform_all is called.
  CURL* add() {
    CURL* easy = curl_easy_init();
    easies_.push_back(easy);
    return easy;
  }

  // Drives every transfer until all have finished (waiting at most 200 ms at
  // a time in curl_multi_poll), then calls done(easy_handle, result) once for
  // each finished transfer.
  template <class Done>
  void perform_all(Done&& done) {
    for (CURL* easy : easies_) curl_multi_add_handle(multi_, easy);
    int running = 0;
    do {
      curl_multi_perform(multi_, &running);
      if (running) curl_multi_poll(multi_, nullptr, 0, 200, nullptr);
    } while (running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg == CURLMSG_DONE) done(msg->easy_handle, msg->data.result);
    }
  }

 private:
  CURLM* multi_;
  std::vector<CURL*> easies_;
};

// A CURLU URL handle, freed with its owner.
using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;
inline CurlUrl make_curl_url() {
  return CurlUrl(curl_url(), &curl_url_cleanup);
}

// Uniform in [-1, 1], for core::with_jitter; one generator per thread.
inline double random_jitter() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}

}  // namespace escalated::services
