#include "core/time_format.h"

#include <chrono>
#include <cstdio>

namespace escalated::core {
namespace {

using namespace std::chrono;

bool read_digits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::string format_rfc3339(Millis instant) {
  sys_time<milliseconds> tp{milliseconds{instant}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> tod{tp - day};
  char buf[40];
  int ms = static_cast<int>(tod.subseconds().count());
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                  static_cast<int>(tod.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                  ms);
  }
  return buf;
}

std::optional<Millis> parse_rfc3339(std::string_view t) {
  int y, mo, d, h, mi, s;
  if (t.size() < 20) return std::nullopt;
  if (!read_digits(t, 0, 4, y) || t[4] != '-' || !read_digits(t, 5, 2, mo) || t[7] != '-' ||
      !read_digits(t, 8, 2, d))
    return std::nullopt;
  if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
  if (!read_digits(t, 11, 2, h) || t[13] != ':' || !read_digits(t, 14, 2, mi) || t[16] != ':' ||
      !read_digits(t, 17, 2, s))
    return std::nullopt;
  if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  if (s == 60) s = 59;  // a leap second is read as the second before it
  size_t pos = 19;
  int ms = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      ms += (t[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= t.size()) return std::nullopt;
  int offset_minutes = 0;
  if (t[pos] == 'Z' || t[pos] == 'z') {
    ++pos;
  } else if (t[pos] == '+' || t[pos] == '-') {
    int oh, om;
    if (!read_digits(t, pos + 1, 2, oh) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
        !read_digits(t, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_minutes = (oh * 60 + om) * (t[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  sys_days days_tp{ymd};
  auto total = duration_cast<milliseconds>(days_tp.time_since_epoch()) + hours{h} + minutes{mi} +
               seconds{s} + milliseconds{ms} - minutes{offset_minutes};
  return total.count();
}

Millis start_of_utc_day(Millis instant) {
  sys_time<milliseconds> tp{milliseconds{instant}};
  return duration_cast<milliseconds>(floor<days>(tp).time_since_epoch()).count();
}

}  // namespace escalated::core
