// What every libcurl user here needs once: the library initialised before
// the first handle, and a jitter source for retry schedules.
#pragma once

#include <curl/curl.h>

#include <mutex>
#include <random>

namespace escalated::services {

inline void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Uniform in [-1, 1], for core::with_jitter; one generator per thread.
inline double random_jitter() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}

}  // namespace escalated::services
