// `escalated demo`: fills a helpdesk with realistic sample data through the
// real services (so every ticket has its timeline, audit rows and events),
// spread over the last weeks by moving a manual clock between steps.
#pragma once

#include <cstdint>

namespace escalated {
class Helpdesk;

struct DemoSummary {
  int agents = 0, customers = 0, tickets = 0, replies = 0, ratings = 0;
};

// The helpdesk must have been opened with Options::test_clock set, so the
// demo can date each step. Deterministic for a given seed.
DemoSummary load_demo_data(Helpdesk& helpdesk, int tickets, std::uint32_t seed);

}  // namespace escalated
