#include "core/clock.h"

#include <chrono>

namespace escalated::core {

Millis SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Millis ManualClock::now() const {
  if (frozen_.load()) return instant_.load();
  return SystemClock().now();
}

void ManualClock::set(Millis instant) {
  instant_.store(instant);
  frozen_.store(true);
}

void ManualClock::advance(Millis delta) {
  set(now() + delta);
}

}  // namespace escalated::core
