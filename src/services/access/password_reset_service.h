// "Forgot your password?": a single-use link by mail, then a new password.
//
// request() never says whether an address has an account (the answer is the
// same, and so is the work done in the request: the mail is queued, not
// sent, so timing tells nothing either). Only active stand-alone accounts
// get a link: not deactivated ones, and not users of an embedding host,
// who sign in there. At most kMaxLinksPerHour links per account per hour,
// so nobody can flood a mailbox through the form.
//
// The token is 32 random bytes, stored as SHA-256 only, valid for
// PasswordResetMinutes and spent by its first use; asking again spends the
// older links. A reset sets the password, spends every link of the account
// and ends all of its sessions (whoever held one must sign in again, with
// the second factor if it is on: a reset never turns two-factor sign-in
// off). Contacts created from inbound mail, who have no password yet, set
// their first one this way. A reset proves the account owns its address
// (registration alone does not), so the tickets a guest opened from that
// address without an account (Guest.*) become the account's then.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "services/base/context.h"

namespace escalated::services {

class PasswordResetService {
 public:
  static constexpr int kMaxLinksPerHour = 3;

  // `mail_queued` is called after a commit that queued a mail.
  PasswordResetService(ServiceContext& ctx, std::function<void()> mail_queued)
      : ctx_(ctx), mail_queued_(std::move(mail_queued)) {}

  // ValidationError only for a missing or malformed address.
  void request(std::string_view email);
  // ValidationError naming `token` (unknown, spent or expired) or
  // `password` (too short or too long); nothing changes then.
  void reset(std::string_view token, const std::string& new_password);

 private:
  ServiceContext& ctx_;
  std::function<void()> mail_queued_;
};

}  // namespace escalated::services
