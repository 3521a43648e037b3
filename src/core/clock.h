// The one source of "now" for every rule that depends on time (SLA, snooze,
// auto-close, sessions). Tests and the black-box test routes swap in a
// ManualClock so time travel never needs sleeping.
#pragma once

#include <atomic>
#include <cstdint>

namespace escalated::core {

// Milliseconds since the Unix epoch, UTC. Every stored instant uses this.
using Millis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now() const override;
};

// Reads the real time until set() or advance() is first called, then stands
// still until moved again, so a test sees exactly the instants it chose.
class ManualClock final : public Clock {
 public:
  Millis now() const override;
  void set(Millis instant);
  // Moves the clock forward (or back, for a negative delta) from the instant
  // it shows now; a clock still following real time is frozen first.
  void advance(Millis delta);
  bool frozen() const { return frozen_.load(); }

 private:
  std::atomic<bool> frozen_{false};
  std::atomic<Millis> instant_{0};
};

}  // namespace escalated::core
