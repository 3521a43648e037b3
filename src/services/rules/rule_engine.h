// Escalation rules and automations at work: evaluates a ticket's rules when
// the ticket changes and when a time-based condition falls due, fires each
// rule once per episode (when its conditions become true; again only after
// they stopped holding), and applies its actions through TicketWriter, so a
// rule's change has the same timeline, audit and events as an agent's.
//
// Escalation rules run first, then automations, each kind by position. One
// pass sees the changes earlier rules of the pass made; changes a rule makes
// do not start another pass (two rules undoing each other cannot loop).
// The ticket's next time-based re-evaluation is a timer ("rules:<id>") at
// the earliest instant a condition could flip (ConditionSet::next_change_at).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/conditions.h"
#include "services/jobs/job_runner.h"
#include "services/tickets/ticket_writer.h"
#include "store/rule_repo.h"

namespace escalated::services {

inline constexpr const char* kRuleScanJob = "rule_scan";

class RuleEngine {
 public:
  RuleEngine(ServiceContext& ctx, TicketWriter& writer);

  struct CompiledRule {
    store::rules::RuleRecord record;
    core::RuleKind kind = core::RuleKind::kEscalation;
    core::ConditionSet conditions;
    core::ActionList actions;
  };

  // Registers the rule_check and rule_scan jobs.
  void register_with(JobRunner& runner);

  // Evaluates the ticket's rules now, inside the caller's transaction.
  void evaluate(store::Connection& c, std::int64_t ticket_id);
  // The facts the condition language reads, for a ticket as stored now.
  // `calendar` keeps the SLA calendar that facts.calendar points at alive.
  core::TicketFacts facts_of(store::Connection& c, const store::TicketRecord& t,
                             std::shared_ptr<const core::BusinessCalendar>& calendar);

  // Open tickets the conditions match now, at most `limit`, oldest first;
  // with `visible`, only the tickets it accepts (what the caller may see).
  std::vector<std::int64_t> matching_tickets(
      store::Connection& c, const core::ConditionSet& conditions, int limit,
      const std::function<bool(const store::TicketRecord&)>& visible = nullptr);

  // Rules changed: forget the cached copies and evaluate every ticket that is
  // not closed again, in the background, in batches.
  void rules_changed(store::Connection& c, core::Millis now);
  void invalidate();

  static constexpr int kScanBatch = 200;

 private:
  std::shared_ptr<const std::vector<CompiledRule>> rules(store::Connection& c);
  void apply(store::Connection& c, const CompiledRule& rule, store::TicketRecord& t,
             Journal& journal, TicketChange& change);
  void scan(store::Connection& c, const store::jobs::JobRecord& job);

  ServiceContext& ctx_;
  TicketWriter& writer_;
  std::mutex mutex_;
  std::shared_ptr<const std::vector<CompiledRule>> cached_;
  std::chrono::steady_clock::time_point cached_at_;
};

// The vocabulary of actions a rule of `kind` ("escalation", "automation")
// may use.
core::RuleKind rule_kind(const std::string& kind);
// Compiles a stored rule; nullopt when it no longer parses (never saved so).
std::optional<RuleEngine::CompiledRule> compile_rule(const store::rules::RuleRecord& record);

}  // namespace escalated::services
