// The customer beside the conversation: who asked for a ticket (an account,
// or a guest's name and address), the other tickets of theirs the caller may
// see, and their satisfaction ratings on those. One read, for the pane at
// the top of the ticket view's side column.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "core/satisfaction.h"
#include "services/base/context.h"
#include "store/records.h"
#include "store/satisfaction_repo.h"

namespace escalated::services {

inline constexpr int kRequesterTickets = 10;
inline constexpr int kRequesterRatings = 5;

struct RequesterPane {
  // The account (id set) or the guest (id unset; name and e-mail as given).
  std::optional<std::int64_t> id;
  std::string name, email;
  std::optional<std::string> locale, timezone;
  // Newest first, at most kRequesterTickets, the ticket itself left out.
  std::vector<store::TicketRecord> tickets;
  std::int64_t tickets_total = 0;
  core::RatingTally ratings;
  std::vector<store::satisfaction::RecentRating> recent_ratings;  // at most kRequesterRatings
};

class RequesterService {
 public:
  explicit RequesterService(ServiceContext& ctx) : ctx_(ctx) {}

  // ticket.view; 404 when the ticket does not exist or the caller may not
  // see it. Other tickets and ratings only of tickets the caller may see,
  // by the queue's rule (narrow_to_visible).
  RequesterPane pane(const core::Actor& actor, std::string_view ticket_key);

 private:
  ServiceContext& ctx_;
};

// {requester, tickets, tickets_total, ratings}
boost::json::object requester_pane_json(const RequesterPane& pane,
                                        const std::string& reference_prefix);

}  // namespace escalated::services
