// Customer satisfaction (CSAT): the requester rates a resolved or closed
// ticket from 1 to 5 with an optional comment, and staff with report.view
// read the summary over the tickets they may see. Rating again (also after a
// reopen and a new resolution) replaces the rating in force.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "core/satisfaction.h"
#include "services/base/context.h"
#include "services/tickets/ticket_writer.h"
#include "store/satisfaction_repo.h"

namespace escalated::services {

struct RatingInput {
  std::optional<std::int64_t> rating;  // nullopt: missing (422)
  std::optional<std::string> comment;
};

struct RateResult {
  store::satisfaction::RatingRecord rating;
  bool created = false;  // the ticket's first rating (else it replaced one)
};

// The report's query string as sent (nullopt: absent); the service checks it
// and answers 422 naming the parameter at fault.
struct SatisfactionQuery {
  std::optional<std::string> from, to;  // RFC 3339 or YYYY-MM-DD (UTC)
  std::optional<std::string> department_id;
  std::optional<std::string> agent_id;
};

struct SatisfactionSummary {
  core::RatingTally tally;
  std::vector<store::satisfaction::AgentTally> by_agent;
  std::vector<store::satisfaction::RecentRating> recent;
};

inline constexpr int kRecentRatings = 20;

// 422 naming `rating` or `comment` when the input breaks the rules; the
// comment as stored (normalized) otherwise. rate() checks it first; callers
// that write something of their own before rating check it before that.
std::optional<std::string> checked_rating_comment(const RatingInput& input);

class SatisfactionService {
 public:
  SatisfactionService(ServiceContext& ctx, TicketWriter& writer) : ctx_(ctx), writer_(writer) {}

  // 422 for a bad rating or comment; 404 when the ticket does not exist or
  // the caller may not see it; 403 for anyone but the requester; 409 unless
  // the ticket is resolved or closed. Writes the rating, a timeline entry,
  // an audit row and the ticket.rated event in one transaction.
  RateResult rate(const core::Actor& actor, std::string_view ticket_key, const RatingInput& input);

  // report.view; only ratings of tickets the caller may see.
  SatisfactionSummary summary(const core::Actor& actor, const SatisfactionQuery& query);

 private:
  ServiceContext& ctx_;
  TicketWriter& writer_;
};

// {ticket_id, rating, comment, created_at, updated_at}
boost::json::object rating_json(const store::satisfaction::RatingRecord& rating);
// {count, average, csat_percent, distribution, by_agent, recent}
boost::json::object satisfaction_summary_json(const SatisfactionSummary& summary,
                                              const std::string& reference_prefix);

}  // namespace escalated::services
