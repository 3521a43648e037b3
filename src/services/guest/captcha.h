// The optional captcha hook for new guest tickets (Guest.CaptchaVerifyUrl):
// the siteverify protocol that reCAPTCHA, hCaptcha and Cloudflare Turnstile
// share. The server POSTs secret, response and remoteip, form-encoded, and
// accepts the answer {"success": true}; anything else (another answer, a
// network error, a timeout of 5 s) refuses the ticket.
#pragma once

#include <string>

#include "escalated/options.h"

namespace escalated::services {

bool verify_captcha(const GuestOptions& options, const std::string& response,
                    const std::string& client_ip);

}  // namespace escalated::services
