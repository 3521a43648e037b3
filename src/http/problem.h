// RFC 9457 problem documents: every error the API returns has this shape,
//   {"type", "title", "status", "detail", "errors": {"field": ["message"]}}
// with Content-Type application/problem+json.
#pragma once

#include <exception>
#include <string>

#include "core/errors.h"
#include "escalated/http.h"

namespace escalated::http {

Response problem(int status, const std::string& title, const std::string& detail,
                 const core::FieldErrors& errors = {});

// Turns whatever a handler threw into a problem response. Unexpected
// exceptions become a 500 whose detail reveals nothing internal; `log` gets
// the real message.
Response problem_from_exception(std::exception_ptr error, std::string& log);

}  // namespace escalated::http
