// Tickets without an account: a guest opens one from the widget and comes
// back to it by magic link (services/base/guest_links.h) to read the public
// replies, answer and rate it; "find my ticket" mails a fresh link.
//
// Every route answers 404 while Guest.Enabled is off. A token that is
// unknown, expired or revoked is 404 after the same work as a good one (its
// SHA-256 and one indexed lookup, in the same write transaction), so timing
// says nothing about which tokens exist. Every use of a good link moves its
// expiry Guest.TokenLifetimeDays on. New tickets and "find my ticket" are
// budgeted per client IP and per address (Guest.TicketsPerIp,
// Guest.TicketsPerAddress; off with RateLimits.Enabled) and may need a
// captcha (Guest.CaptchaVerifyUrl).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "core/errors.h"
#include "security/rate_limiter.h"
#include "services/base/context.h"
#include "services/satisfaction/satisfaction_service.h"
#include "services/tickets/attachment_service.h"
#include "services/tickets/ticket_service.h"

namespace escalated::services {

// Over Guest.TicketsPerIp or Guest.TicketsPerAddress (429 with Retry-After).
class GuestBudgetSpent : public core::Error {
 public:
  explicit GuestBudgetSpent(int retry_after_seconds)
      : core::Error(
            429, "Too Many Requests",
            "Too many guest requests; try again in " + std::to_string(retry_after_seconds) + " s."),
        retry_after_seconds_(retry_after_seconds) {}
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  int retry_after_seconds_;
};

struct GuestTicketInput {
  std::string name;
  std::string email;
  std::string subject;
  std::string description;
  std::optional<std::string> captcha_token;
};

struct GuestTicketCreated {
  std::string reference;
  std::string token;
};

struct GuestTicketView {
  TicketDetail detail;
  // Guest.Policy "prompt_signup": the page should offer an account.
  bool offer_signup = false;
};

class GuestService {
 public:
  // Answers whether the captcha response is good (the hook; tests replace it).
  using CaptchaCheck = std::function<bool(const std::string& response, const std::string& ip)>;

  // `mail_queued` is called after a commit that queued a mail.
  GuestService(ServiceContext& ctx, TicketService& tickets, AttachmentService& attachments,
               SatisfactionService& satisfaction, security::RateLimiter& budgets,
               std::function<void()> mail_queued, CaptchaCheck captcha = {});

  // 422 naming the field at fault; 429 over a budget. The ticket (channel
  // widget) carries the guest's name and address; the answer's token is the
  // first magic link (the acknowledgement mail carries another).
  GuestTicketCreated open_ticket(const GuestTicketInput& input, const std::string& client_ip);
  // The ticket with its public replies only.
  GuestTicketView show(std::string_view token);
  // A file of the magic link's ticket the requester may see: on the ticket
  // or a public reply, never on an internal note or another ticket (404,
  // like a wrong token).
  Download download(std::string_view token, std::int64_t attachment_id);
  // A public reply as the requester (409 once the ticket is closed).
  store::ReplyRecord reply(std::string_view token, const std::string& body,
                           const std::vector<Upload>& uploads);
  // The signed-in rating's rules: once resolved or closed; again replaces.
  RateResult rate(std::string_view token, const RatingInput& input);
  // Mails a fresh link when the reference names a ticket of that address
  // (the guest's, or its requester account's); the same answer either way.
  void find(std::string_view reference, std::string_view email, const std::string& client_ip);
  // The one-click rating link of the resolved mail (rating_link_path):
  // records the rating by the signed-in rating's rules as the requester,
  // then answers where the comment is offered: the magic link's page (a
  // fresh link, with "&rated=N") when guests are on, else the portal's
  // ticket page ("?rated=N"). 422 naming `sig` when it is not 32 hex
  // characters; 404 when it is not the link's.
  struct RatedByLink {
    RateResult rated;
    std::string comment_url;  // the page that offers the comment
  };
  RatedByLink rate_by_link(std::string_view ticket_id, std::string_view rating,
                           const std::string& signature);
  // Staff who may see the ticket end every link to it; returns how many.
  std::int64_t revoke(const core::Actor& actor, std::string_view ticket_key);

 private:
  // The guest the token speaks for, its link renewed; NotFound otherwise
  // (and while guests are off).
  core::Actor guest_of(std::string_view token);
  void require_enabled() const;
  // A guest has no session for /attachments/{id}: its files' links go
  // through the magic link instead (download).
  void link_files(std::string_view token, std::vector<store::AttachmentRecord>& files) const;
  // Counts one request against the IP's and the address's budgets (429).
  void spend_budget(const std::string& client_ip, const std::string& email);

  ServiceContext& ctx_;
  TicketService& tickets_;
  AttachmentService& attachments_;
  SatisfactionService& satisfaction_;
  security::RateLimiter& budgets_;
  std::function<void()> mail_queued_;
  CaptchaCheck captcha_;
};

}  // namespace escalated::services
