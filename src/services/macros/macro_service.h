// The agent's power tools over tickets: canned responses (Markdown answers
// with placeholders, filled in for a ticket), macros (a saved list of
// actions applied to a ticket at once) and bulk actions (one action or
// macro over many tickets, each on its own). Applying goes through
// TicketService::apply_actions, so a macro changes a ticket exactly as the
// single-change routes do.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.h"
#include "core/macro_actions.h"
#include "services/base/context.h"
#include "services/tickets/ticket_service.h"
#include "store/macro_repo.h"

namespace escalated::services {

// An absent member leaves the stored one as it is; creating needs a title
// and a body. Making or keeping a response shared needs macro.manage.
struct CannedResponseFields {
  std::optional<std::string> title;  // trimmed; 1 to 200 characters
  std::optional<std::string> body;   // Markdown, 1 to 65536 bytes, agent placeholders only
  std::optional<bool> shared;        // default false: the caller's own
};

struct RenderedResponse {
  std::string body;       // Markdown, every value Markdown-escaped
  std::string body_html;  // rendered and sanitised
};

// As CannedResponseFields; creating needs a name and actions.
struct MacroFields {
  std::optional<std::string> name;         // trimmed; 1 to 100 characters
  std::optional<std::string> description;  // at most 2000 characters
  std::optional<bool> shared;
  std::optional<std::vector<core::MacroAction>> actions;
};

// What a bulk action does: one of the single actions (its value as a macro
// action's value) or "macro" (value: the macro's id).
struct BulkAction {
  std::vector<std::int64_t> ticket_ids;  // 1 to kMaxBulkTickets
  std::string action;
  boost::json::value value;
};
inline constexpr std::size_t kMaxBulkTickets = 100;

struct BulkResult {
  std::int64_t ticket_id = 0;
  bool ok = false;
  std::optional<std::string> error;  // why not, when not ok
};

class MacroService {
 public:
  MacroService(ServiceContext& ctx, TicketService& tickets) : ctx_(ctx), tickets_(tickets) {}

  // Canned responses: staff only; the shared ones and the caller's own.
  // Another's personal one does not exist for the caller (404).
  std::vector<store::canned::CannedResponseRecord> list_responses(const core::Actor& actor);
  store::canned::CannedResponseRecord create_response(const core::Actor& actor,
                                                      const CannedResponseFields& fields);
  store::canned::CannedResponseRecord update_response(const core::Actor& actor, std::int64_t id,
                                                      const CannedResponseFields& fields);
  void remove_response(const core::Actor& actor, std::int64_t id);
  // The response filled in for a ticket the caller may see (404 otherwise).
  RenderedResponse render_response(const core::Actor& actor, std::int64_t id,
                                   std::string_view ticket_key);

  // Macros: listing needs macro.view, changes macro.manage; personal ones
  // are their owner's only.
  std::vector<store::macros::MacroRecord> list_macros(const core::Actor& actor);
  store::macros::MacroRecord create_macro(const core::Actor& actor, const MacroFields& fields);
  store::macros::MacroRecord update_macro(const core::Actor& actor, std::int64_t id,
                                          const MacroFields& fields);
  void remove_macro(const core::Actor& actor, std::int64_t id);
  // Applies (or, with `preview`, shows) the macro on the ticket: all or
  // nothing (TicketService::apply_actions). 422 under macro_id for a macro
  // the caller cannot use.
  AppliedActions apply_macro(const core::Actor& actor, std::string_view ticket_key,
                             std::int64_t macro_id, bool preview);

  // Each ticket on its own transaction: an invisible one is "not found", a
  // refused one reports why, and neither stops or undoes the others. 422
  // (ticket_ids, action, value) for a request that is wrong as a whole.
  std::vector<BulkResult> bulk(const core::Actor& actor, const BulkAction& input);

 private:
  std::vector<core::MacroAction> usable_macro(const core::Actor& actor, std::int64_t id,
                                              const std::string& field);

  ServiceContext& ctx_;
  TicketService& tickets_;
};

boost::json::object canned_response_json(const store::canned::CannedResponseRecord& r);
boost::json::object macro_json(const store::macros::MacroRecord& m);
boost::json::object applied_actions_json(const AppliedActions& applied, const std::string& prefix);

}  // namespace escalated::services
