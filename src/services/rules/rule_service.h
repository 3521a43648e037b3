// The admin side of escalation rules and automations: CRUD with every
// mistake reported at once under its JSON path (conditions.all[1].operator,
// actions[0].value ...), and dry runs that show which tickets would match
// now. Saving makes the engine evaluate every open ticket again.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "core/actor.h"
#include "services/rules/rule_engine.h"

namespace escalated::services {

class RuleService {
 public:
  RuleService(ServiceContext& ctx, RuleEngine& engine, TicketWriter& writer)
      : ctx_(ctx), engine_(engine), writer_(writer) {}

  // `kind` is "escalation" or "automation". Reading is open to staff;
  // changes need an admin.
  std::vector<store::rules::RuleRecord> list(const core::Actor& actor, const std::string& kind);
  store::rules::RuleRecord get(const core::Actor& actor, const std::string& kind, std::int64_t id);
  store::rules::RuleRecord create(const core::Actor& actor, const std::string& kind,
                                  const boost::json::object& body);
  store::rules::RuleRecord update(const core::Actor& actor, const std::string& kind,
                                  std::int64_t id, const boost::json::object& body);
  void remove(const core::Actor& actor, const std::string& kind, std::int64_t id);
  // Tickets (not closed) the rule's conditions match now, at most `limit`.
  std::vector<TicketView> dry_run(const core::Actor& actor, const std::string& kind,
                                  std::int64_t id, int limit);

 private:
  ServiceContext& ctx_;
  RuleEngine& engine_;
  TicketWriter& writer_;
};

boost::json::object rule_json(const store::rules::RuleRecord& rule);

}  // namespace escalated::services
