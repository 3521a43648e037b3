#include "core/ticket_rules.h"

#include <gtest/gtest.h>

#include "core/enums.h"
#include "core/ticket_status.h"

namespace escalated::core {
namespace {

using S = TicketStatus;

TEST(TicketReference, FormatsWithPaddedId) {
  EXPECT_EQ(format_reference("ESC", 42), "ESC-00042");
  EXPECT_EQ(format_reference("HD", 1234567), "HD-1234567");
}

TEST(TicketReference, ParsesIdsAndReferences) {
  EXPECT_EQ(parse_ticket_key("ESC", "42"), 42);
  EXPECT_EQ(parse_ticket_key("ESC", "ESC-00042"), 42);
  EXPECT_EQ(parse_ticket_key("ESC", "esc-42"), 42);
  EXPECT_FALSE(parse_ticket_key("ESC", "ABC-00042"));
  EXPECT_FALSE(parse_ticket_key("ESC", "ESC-"));
  EXPECT_FALSE(parse_ticket_key("ESC", "0"));
  EXPECT_FALSE(parse_ticket_key("ESC", "42abc"));
  EXPECT_FALSE(parse_ticket_key("ESC", "99999999999999999999999"));
}

TEST(TransitionTable, DefaultsMatchTheDocumentedWorkflow) {
  TransitionTable t = TransitionTable::defaults();
  EXPECT_TRUE(t.allows(S::kOpen, S::kResolved));
  EXPECT_FALSE(t.allows(S::kOpen, S::kReopened));
  EXPECT_TRUE(t.allows(S::kResolved, S::kReopened));
  EXPECT_FALSE(t.allows(S::kResolved, S::kOpen));
  EXPECT_FALSE(t.allows(S::kClosed, S::kOpen));
  EXPECT_TRUE(t.allows(S::kClosed, S::kReopened));
  EXPECT_FALSE(t.allows(S::kEscalated, S::kWaitingOnCustomer));
  EXPECT_EQ(t.targets(S::kClosed), std::vector<S>{S::kReopened});
  EXPECT_EQ(t.targets(S::kResolved), (std::vector<S>{S::kClosed, S::kReopened}));
  EXPECT_EQ(t.targets(S::kEscalated).size(), 3u);
  for (S s : kAllStatuses) EXPECT_FALSE(t.allows(s, s)) << to_string(s);
}

TEST(ReplyRules, AgentReplyHandsTheTicketToTheCustomer) {
  for (S s : {S::kOpen, S::kInProgress, S::kWaitingOnAgent, S::kReopened}) {
    EXPECT_EQ(status_after_agent_reply(s), S::kWaitingOnCustomer);
  }
  for (S s : {S::kWaitingOnCustomer, S::kEscalated, S::kResolved, S::kClosed}) {
    EXPECT_FALSE(status_after_agent_reply(s));
  }
}

TEST(ReplyRules, RequesterReplyHandsTheTicketBack) {
  EXPECT_EQ(status_after_requester_reply(S::kWaitingOnCustomer), S::kWaitingOnAgent);
  EXPECT_EQ(status_after_requester_reply(S::kResolved), S::kReopened);
  EXPECT_FALSE(status_after_requester_reply(S::kOpen));
  EXPECT_FALSE(accepts_replies(S::kClosed));
  EXPECT_TRUE(accepts_replies(S::kResolved));
}

TEST(Enums, ParseOnlyKnownNames) {
  EXPECT_EQ(parse_priority("critical"), Priority::kCritical);
  EXPECT_FALSE(parse_priority("Critical"));
  EXPECT_FALSE(parse_priority("asap"));
  EXPECT_EQ(parse_status("waiting_on_agent"), S::kWaitingOnAgent);
  EXPECT_FALSE(parse_status("pending"));
  EXPECT_EQ(parse_ticket_type("incident"), TicketType::kIncident);
  EXPECT_FALSE(parse_channel("fax"));
  EXPECT_EQ(to_string(Priority::kUrgent), "urgent");
  EXPECT_EQ(priority_from_rank(4), Priority::kCritical);
  EXPECT_FALSE(priority_from_rank(5));
}

}  // namespace
}  // namespace escalated::core
