// How long to wait before trying failed work again. The job runner, the
// webhook dispatcher and the mail dispatcher each have their own schedule;
// the arithmetic they share lives here.
#pragma once

#include <algorithm>

#include "core/clock.h"

namespace escalated::core {

// `first` for attempt 1, doubling with each further attempt, never more than
// `most`.
inline Millis doubling_delay(int attempt, Millis first, Millis most) {
  Millis delay = first;
  for (int i = 1; i < attempt && delay < most; ++i) delay *= 2;
  return std::min(delay, most);
}

// `delay` moved by up to ±10 % (`jitter` in [-1, 1]), so many deliveries
// that failed together do not all retry in the same instant.
inline Millis with_jitter(Millis delay, double jitter) {
  double factor = 1.0 + 0.1 * std::clamp(jitter, -1.0, 1.0);
  return static_cast<Millis>(static_cast<double>(delay) * factor);
}

}  // namespace escalated::core
