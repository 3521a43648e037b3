#include "core/time_zone.h"

#include <date/tz.h>

#include <chrono>
#include <mutex>
#include <unordered_map>

namespace escalated::core {

const date::time_zone* find_time_zone(const std::string& name) {
  static std::mutex mutex;
  static std::unordered_map<std::string, const date::time_zone*> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  // /usr/share/zoneinfo/localtime mirrors the host's setting: not a zone a
  // calendar can rely on.
  if (name.empty() || name.size() > 64 || name == "localtime") return nullptr;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
  cache.emplace(name, zone);
  return zone;
}

bool known_time_zone(const std::string& name) {
  return find_time_zone(name) != nullptr;
}

std::string format_local_time(Millis instant, const std::string& zone) {
  using std::chrono::milliseconds;
  using std::chrono::minutes;
  const date::time_zone* tz = find_time_zone(zone);
  if (!tz) tz = date::locate_zone("UTC");
  auto when = date::floor<minutes>(date::sys_time<milliseconds>{milliseconds{instant}});
  date::zoned_time<minutes> local{tz, when};
  return date::format("%Y-%m-%d %H:%M %Z", local);
}

}  // namespace escalated::core
