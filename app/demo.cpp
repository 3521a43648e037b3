#include "demo.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <cctype>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.h"
#include "escalated/helpdesk.h"
#include "services/access/account_service.h"
#include "services/catalog/catalog_service.h"
#include "services/rules/rule_service.h"
#include "services/satisfaction/satisfaction_service.h"
#include "services/sla/sla_service.h"
#include "services/tickets/ticket_service.h"

namespace escalated {
namespace {

struct Topic {
  const char* subject;
  const char* description;
  const char* department;
  const char* tag;
};

constexpr std::array<Topic, 16> kTopics{{
    {"Cannot log in after password reset",
     "I reset my password this morning and now the login page says my credentials are invalid.",
     "Accounts", "login"},
    {"Invoice shows the wrong VAT number",
     "Our latest invoice has last year's VAT number on it. Our accountant needs a corrected copy.",
     "Billing", "invoice"},
    {"Charged twice for the same order",
     "My card statement shows two identical charges for order 48213.", "Billing", "refund"},
    {"Export to CSV times out",
     "Exporting the yearly report to CSV runs for a minute and then fails with a timeout.",
     "Technical", "export"},
    {"Printer driver missing on the new laptops",
     "The new laptops cannot find the office printer; the driver download link is broken.",
     "Technical", "hardware"},
    {"How do I add a second admin?",
     "We want a colleague to manage users too. Where do I give them admin rights?", "Accounts",
     "how-to"},
    {"Mobile app crashes when opening attachments",
     "Since the last update the app closes whenever I tap a PDF attachment.", "Technical",
     "mobile"},
    {"Please cancel my subscription",
     "We are moving to another tool at the end of the month. Please cancel and confirm.", "Billing",
     "cancellation"},
    {"Two-factor codes are always rejected",
     "The codes from my authenticator app are never accepted, even right after they appear.",
     "Accounts", "2fa"},
    {"Dashboard loads very slowly",
     "The dashboard takes over ten seconds to load every morning between 9 and 10.", "Technical",
     "performance"},
    {"Upgrade to the annual plan",
     "We would like to switch to annual billing. Is the discount applied automatically?", "Billing",
     "upgrade"},
    {"Emails from you land in spam",
     "Notification emails are going to our spam folder. Which domains should we allow?",
     "Technical", "email"},
    {"Change the company name on our account",
     "We renamed the company; please update the name on the account and invoices.", "Accounts",
     "account"},
    {"API returns 500 on large uploads",
     "Uploading files over 20 MB through the API returns an internal server error.", "Technical",
     "api"},
    {"Refund for unused seats", "We removed five seats mid-cycle. Can we get a prorated refund?",
     "Billing", "refund"},
    {"Locked out after too many attempts",
     "I typed my password wrong a few times and now I cannot sign in at all.", "Accounts", "login"},
}};

constexpr std::array<const char*, 6> kAgentReplies{{
    "Thanks for reaching out. Could you tell us which browser and version you are using?",
    "I have looked into this and applied a fix on our side. Could you try again and let us know?",
    "Sorry for the trouble. I have forwarded this to our billing team and will update you shortly.",
    "Good news: this is resolved. Let us know if anything else comes up.",
    "Could you send us a screenshot of the error message you see?",
    "Thanks for your patience. We have corrected the record and sent you an updated copy.",
}};

constexpr std::array<const char*, 4> kCustomerReplies{{
    "Thanks, that worked!",
    "It still happens, unfortunately. Same error as before.",
    "Here is the screenshot you asked for. The error appears right after I click save.",
    "I am using the latest Chrome on Windows 11.",
}};

constexpr std::array<const char*, 4> kNotes{{
    "Same issue reported by two other customers this week; linking to the engineering ticket.",
    "Checked the payment provider: the second charge is a pending authorisation.",
    "Customer is on the enterprise plan; prioritise.",
    "Escalating to the platform team, they own the export service.",
}};

// A comment a customer might leave with a rating of 1 to 5.
constexpr std::array<const char*, 5> kRatingComments{{
    "Took days and the first answer missed the point.",
    "Fixed in the end, but I had to explain it twice.",
    "OK.",
    "Quick and clear, thanks.",
    "Fantastic help, solved in minutes!",
}};

constexpr std::array<const char*, 20> kCustomerNames{
    {"Maria Garcia", "Liam Chen",    "Sofia Rossi",  "Noah Müller",  "Aisha Khan",
     "Lucas Silva",  "Emma Dubois",  "Yuki Tanaka",  "Olivia Brown", "Mateo López",
     "Chloe Martin", "Ethan Wilson", "Zara Ahmed",   "Leo Novak",    "Mia Johansson",
     "Arjun Patel",  "Nora Haddad",  "Felix Wagner", "Isla Murphy",  "Omar Farouk"}};

std::string email_of(const std::string& name, const char* domain) {
  std::string out;
  for (char c : name) {
    if (c == ' ')
      out += '.';
    else if (std::isalpha(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(c));
  }
  return out + "@" + domain;
}

// Office hours, a default SLA policy that counts in them, and a few rules,
// so the first look shows due times, breaches and rules at work.
void load_service_levels(Helpdesk& helpdesk, const core::Actor& admin) {
  services::BusinessScheduleFields hours;
  hours.name = "Office hours";
  hours.timezone = "UTC";
  std::map<std::string, std::vector<core::OpeningHoursSpec>> week;
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"})
    week[day] = {{"08:00", "18:00"}};
  hours.schedule = week;
  hours.holidays = std::vector<core::HolidaySpec>{};
  std::int64_t hours_id = helpdesk.sla().create_schedule(admin, hours).id;

  using core::Priority;
  services::SlaPolicyFields standard;
  standard.name = "Standard";
  standard.description = "Every ticket, in office hours.";
  standard.first_response_minutes = std::map<Priority, std::int64_t>{{Priority::kLow, 480},
                                                                     {Priority::kMedium, 240},
                                                                     {Priority::kHigh, 60},
                                                                     {Priority::kUrgent, 30},
                                                                     {Priority::kCritical, 15}};
  standard.resolution_minutes = std::map<Priority, std::int64_t>{{Priority::kLow, 2880},
                                                                 {Priority::kMedium, 1440},
                                                                 {Priority::kHigh, 480},
                                                                 {Priority::kUrgent, 240},
                                                                 {Priority::kCritical, 120}};
  standard.business_hours_id = std::optional<std::int64_t>(hours_id);
  standard.is_default = true;
  standard.active = true;
  helpdesk.sla().create_policy(admin, standard);

  services::SlaPolicyFields critical;
  critical.name = "Critical, around the clock";
  critical.description = "Critical tickets are answered at night and at weekends too.";
  critical.first_response_minutes = std::map<Priority, std::int64_t>{{Priority::kCritical, 15}};
  critical.resolution_minutes = std::map<Priority, std::int64_t>{{Priority::kCritical, 240}};
  critical.active = true;
  critical.position = 0;
  services::PolicyMatch only_critical;
  only_critical.priorities = {Priority::kCritical};
  critical.match = only_critical;
  helpdesk.sla().create_policy(admin, critical);

  auto rule = [&](const char* kind, const char* name, const char* conditions, const char* actions) {
    services::RuleFields fields;
    fields.name = name;
    fields.active = true;
    fields.conditions = core::ConditionSet::parse_or_throw(boost::json::parse(conditions));
    fields.actions = core::ActionList::parse_or_throw(boost::json::parse(actions),
                                                      std::string_view(kind) == "escalation"
                                                          ? core::RuleKind::kEscalation
                                                          : core::RuleKind::kAutomation);
    helpdesk.rules().create(admin, kind, fields);
  };
  rule("escalation", "Escalate urgent tickets that breach their SLA",
       R"({"all": [{"field": "sla_breached", "operator": "is", "value": true},
                   {"field": "priority", "operator": "in", "value": ["urgent", "critical"]}]})",
       R"([{"type": "escalate", "value": null},
           {"type": "add_note", "value": "Escalated automatically: the SLA was breached."}])");
  rule("automation", "Tag refund requests",
       R"({"any": [{"field": "subject", "operator": "contains", "value": "refund"},
                   {"field": "subject", "operator": "contains", "value": "charged twice"}]})",
       R"([{"type": "add_tag", "value": "refund"}])");
}

}  // namespace

DemoSummary load_demo_data(Helpdesk& helpdesk, int tickets, std::uint32_t seed) {
  core::ManualClock* clock = helpdesk.manual_clock();
  if (!clock) throw std::runtime_error("the demo needs a helpdesk opened with a manual clock");
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const core::Millis now = core::SystemClock().now();
  const core::Millis minute = 60 * 1000;
  // Later steps of a ticket happen later, but never after the real now.
  auto later = [&](core::Millis minutes) {
    clock->set(std::min(clock->now() + minutes * minute, now));
  };
  DemoSummary summary;

  core::Actor system{0, core::Role::kAdmin, "Demo loader", "", core::PermissionSet::all()};
  std::vector<core::Actor> agents;
  for (const char* name : {"Alex Agent", "Bea Support", "Chris Helpdesk", "Dana Desk"}) {
    auto user = helpdesk.accounts().create_user(
        {name, email_of(name, "demo.example"), "demo-password", {"agent"}}, nullptr);
    agents.push_back(helpdesk.accounts().actor_for(user.id));
    ++summary.agents;
  }
  std::vector<core::Actor> customers;
  for (const char* name : kCustomerNames) {
    auto user = helpdesk.accounts().create_user(
        {name, email_of(name, "customer.example"), "demo-password", {"customer"}}, nullptr);
    customers.push_back(helpdesk.accounts().actor_for(user.id));
    ++summary.customers;
  }
  std::map<std::string, std::int64_t> departments;
  for (const char* name : {"Accounts", "Billing", "Technical"}) {
    services::DepartmentFields fields;
    fields.name = name;
    departments[name] = helpdesk.catalog().create_department(system, fields).id;
  }
  clock->set(now - 31LL * 24 * 60 * minute);
  load_service_levels(helpdesk, system);

  for (int i = 0; i < tickets; ++i) {
    // Spread creation over the last 30 days, older tickets first.
    core::Millis at =
        now - static_cast<core::Millis>(tickets - i) * (30LL * 24 * 60 / tickets + 1) * minute;
    clock->set(at);
    const Topic& topic = kTopics[static_cast<size_t>(pick(static_cast<int>(kTopics.size())))];
    const core::Actor& customer =
        customers[static_cast<size_t>(pick(static_cast<int>(customers.size())))];
    const core::Actor& agent = agents[static_cast<size_t>(pick(static_cast<int>(agents.size())))];
    services::NewTicket t;
    t.subject = topic.subject;
    t.description = topic.description;
    static constexpr std::array<const char*, 10> kPriorities{{"low", "low", "medium", "medium",
                                                              "medium", "medium", "high", "high",
                                                              "urgent", "critical"}};
    t.priority = kPriorities[static_cast<size_t>(pick(10))];
    t.ticket_type = pick(3) == 0 ? "problem" : "question";
    t.department_id = departments[topic.department];
    std::string key = std::to_string(helpdesk.tickets().create(customer, t).ticket.id);
    ++summary.tickets;
    helpdesk.tickets().edit_tags(agent, key, {{std::nullopt, topic.tag}}, {});

    // Most tickets get an agent and an answer; older ones are further along.
    int stage = pick(10) + (i < tickets * 2 / 3 ? 4 : 0);
    if (stage < 2) continue;  // still new and unassigned
    later(20 + pick(240));
    helpdesk.tickets().assign(agent, key, agent.user_id);
    if (pick(4) == 0) {
      helpdesk.tickets().reply(agent, key, kNotes[static_cast<size_t>(pick(4))], true);
      ++summary.replies;
    }
    if (stage < 4) continue;
    later(10 + pick(600));
    helpdesk.tickets().reply(agent, key, kAgentReplies[static_cast<size_t>(pick(6))], false);
    ++summary.replies;
    if (stage < 6) continue;
    later(30 + pick(1440));
    helpdesk.tickets().reply(customer, key, kCustomerReplies[static_cast<size_t>(pick(4))], false);
    ++summary.replies;
    if (stage < 8) continue;
    later(10 + pick(300));
    helpdesk.tickets().change_status(agent, key, "resolved");
    // About half the customers say how it went, mostly content.
    if (pick(2) == 0) {
      later(30 + pick(600));
      static constexpr std::array<int, 10> kRatings{{5, 5, 5, 5, 4, 4, 4, 3, 2, 1}};
      int rating = kRatings[static_cast<size_t>(pick(10))];
      std::optional<std::string> comment;
      if (pick(3) == 0) comment = kRatingComments[static_cast<size_t>(rating - 1)];
      helpdesk.satisfaction().rate(customer, key, {rating, comment});
      ++summary.ratings;
    }
    if (stage >= 11) {
      later(3 * 24 * 60);
      helpdesk.tickets().change_status(agent, key, "closed");
    }
  }
  return summary;
}

}  // namespace escalated
