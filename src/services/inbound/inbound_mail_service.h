// Inbound e-mail: one raw RFC 5322 message in, a reply on the ticket it
// answers or a new ticket out, and always a record of what became of it.
// Used by POST /inbound/email (the MTA's webhook) and `escalated inbound`
// (the MTA's pipe) alike.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.h"
#include "services/base/context.h"
#include "services/tickets/ticket_service.h"
#include "store/inbound_mail_repo.h"

namespace escalated::services {

struct InboundResult {
  // created | replied | duplicate | ignored | unverified_sender | failed
  std::string outcome;
  // in_reply_to | references | reply_address | subject_reference | none
  std::string matched_by = "none";
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> reply_id;
  std::optional<std::string> error;  // why it failed or was ignored
};

class InboundMailService {
 public:
  InboundMailService(ServiceContext& ctx, TicketService& tickets) : ctx_(ctx), tickets_(tickets) {}

  // Whether `presented` is Email.InboundSecret, compared in constant time.
  // Always false while no secret is configured.
  bool secret_matches(std::string_view presented) const;

  // Reads the message and acts on it as its sender (found or created as a
  // customer by address): a reply when it answers a ticket of theirs (or the
  // sender is staff and proven: else "unverified_sender"), else a new ticket. Every outcome but
  // "duplicate" is recorded. Bad mail is a recorded "failed", never an exception; only a database
  // that cannot be used throws.
  InboundResult ingest(std::string_view raw);

  // The latest records, newest first (admins only).
  std::vector<store::inbound_mail::InboundMessageRecord> recent(
      const core::Actor& actor, std::optional<std::int64_t> before_id, int limit);

 private:
  ServiceContext& ctx_;
  TicketService& tickets_;
};

// {"outcome", "matched_by", "ticket_id", "reply_id"} (ids null when none),
// plus "error" when there is one: the answer of the route and the CLI.
boost::json::object inbound_result_json(const InboundResult& r);
// One record as GET /admin/inbound-emails lists it.
boost::json::object inbound_message_json(const store::inbound_mail::InboundMessageRecord& m);

}  // namespace escalated::services
