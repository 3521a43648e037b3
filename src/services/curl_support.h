// What every libcurl user here needs once: the library initialised before
// the first handle, the multi-handle loop that runs a batch of transfers
// side by side, and a jitter source for retry schedules.
#pragma once

#include <curl/curl.h>

#include <mutex>
#include <random>

namespace escalated::services {

inline void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Drives every transfer added to `multi` until all have finished (waiting
// at most 200 ms at a time in curl_multi_poll), then calls
// done(easy_handle, result) once for each finished transfer.
template <class Done>
void perform_all(CURLM* multi, Done&& done) {
  int running = 0;
  do {
    curl_multi_perform(multi, &running);
    if (running) curl_multi_poll(multi, nullptr, 0, 200, nullptr);
  } while (running);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
    if (msg->msg == CURLMSG_DONE) done(msg->easy_handle, msg->data.result);
  }
}

// Uniform in [-1, 1], for core::with_jitter; one generator per thread.
inline double random_jitter() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}

}  // namespace escalated::services
