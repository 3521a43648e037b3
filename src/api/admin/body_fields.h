// Reading helpers the admin sections with typed service inputs share (SLA,
// rules): the body's members through core::JsonFields, the service's own
// checks of each member added to the same answer.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "core/errors.h"
#include "core/json_fields.h"
#include "http/request_context.h"

namespace escalated::api {

// The body's reader for these sections (null is a wrong type wherever a
// value belongs, as in every body; members that null clears use
// nullable_id).
inline core::JsonFields& strict_fields(http::RequestContext& ctx) {
  return ctx.fields();
}

// A whole number; one past 64 bits reads as the largest, which every range
// refuses. nullopt for anything else.
inline std::optional<std::int64_t> whole_number(const boost::json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return std::numeric_limits<std::int64_t>::max();
  return std::nullopt;
}

// "position": a whole number, its range the service's to check.
inline std::optional<std::int64_t> position(core::JsonFields& body) {
  const boost::json::value* v = body.value("position");
  if (!v) return std::nullopt;
  auto n = whole_number(*v);
  if (!n) body.error("position", "must be a whole number from 0 to 1000000");
  return n;
}

}  // namespace escalated::api
