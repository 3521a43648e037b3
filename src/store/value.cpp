#include "store/value.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace escalated::store {

std::int64_t Value::as_int() const {
  if (auto p = std::get_if<std::int64_t>(&v_)) return *p;
  if (auto p = std::get_if<double>(&v_)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v_)) {
    std::int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Value::as_double() const {
  if (auto p = std::get_if<double>(&v_)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v_)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Value::as_text() const {
  if (auto p = std::get_if<std::string>(&v_)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v_)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v_)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    return buf;
  }
  return {};
}

}  // namespace escalated::store
