// bench_seed: fills an empty helpdesk database with a realistic, reproducible
// data set for the benchmarks: staff and customers sharing one password,
// departments, tags, and N tickets over the last two years with replies,
// internal notes and tags.
//
//   bench_seed --database sqlite:/tmp/bench.db --tickets 1000000
//
// Rows go in through the project's own Database interface, in transactions of
// a few thousand tickets, with multi-row INSERTs whose SQL text repeats (so
// the connection's statement cache prepares each shape once). On SQLite the
// secondary indexes of the big tables are dropped first and rebuilt at the
// end (a sort instead of millions of random B-tree inserts); the rebuilt
// indexes are exactly the ones the migrations created.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "security/markdown.h"
#include "security/passwords.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using escalated::store::Connection;
using escalated::store::Database;
using escalated::store::Dialect;
using escalated::store::Params;
using escalated::store::Value;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

// xoshiro256**, seeded through splitmix64: fast and the same on every machine.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
  }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Failures before the first success: 0, 1, 2, ... with the given mean.
  int geometric(double mean) {
    if (mean <= 0) return 0;
    double q = mean / (1.0 + mean);
    return static_cast<int>(std::floor(std::log1p(-uniform()) / std::log(q)));
  }
  template <size_t N>
  int pick(const std::array<double, N>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = uniform() * total;
    for (size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return static_cast<int>(i);
      x -= weights[i];
    }
    return static_cast<int>(N - 1);
  }
  template <typename T, size_t N>
  const T& one_of(const std::array<T, N>& items) {
    return items[static_cast<size_t>(below(N))];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// ---- vocabulary ------------------------------------------------------------

constexpr std::array<const char*, 24> kFirstNames = {
    "Ada",   "Ben",  "Chloe", "Dmitri", "Elena", "Farah",  "Gustav", "Hana",
    "Ivan",  "Jade", "Kofi",  "Lena",   "Mateo", "Nadia",  "Omar",   "Priya",
    "Quinn", "Rosa", "Sven",  "Tariq",  "Uma",   "Viktor", "Wen",    "Yara"};
constexpr std::array<const char*, 20> kLastNames = {
    "Okafor",   "Lindqvist", "Moreau",  "Tanaka", "Novak",   "Haddad",  "Silva",
    "Kowalski", "Nguyen",    "Schmidt", "Rossi",  "Patel",   "Brennan", "Ivanova",
    "Mensah",   "Larsen",    "Costa",   "Yilmaz", "Fischer", "Duarte"};

constexpr std::array<const char*, 8> kDepartments = {"Technical Support", "Billing",   "Sales",
                                                     "Accounts",          "Shipping",  "Returns",
                                                     "Security",          "Onboarding"};
constexpr std::array<double, 8> kDepartmentWeights = {30, 20, 10, 10, 10, 8, 4, 8};

constexpr std::array<const char*, 30> kTags = {
    "bug",        "billing",     "refund",       "login",         "password",  "mobile",
    "api",        "export",      "invoice",      "shipping",      "urgent",    "vip",
    "feature",    "performance", "integration",  "sso",           "2fa",       "email",
    "onboarding", "cancel",      "upgrade",      "downgrade",     "data-loss", "outage",
    "slack",      "webhook",     "localization", "accessibility", "duplicate", "follow-up"};
constexpr std::array<const char*, 10> kColors = {"#ef4444", "#f97316", "#eab308", "#22c55e",
                                                 "#14b8a6", "#3b82f6", "#6366f1", "#a855f7",
                                                 "#ec4899", "#6b7280"};

constexpr std::array<const char*, 16> kSubjectLeads = {
    "Cannot log in to",   "Error when opening",     "Slow loading on",  "Question about",
    "Refund request for", "Billing discrepancy in", "Unable to update", "Feature request for",
    "Password reset for", "Broken link in",         "Missing data in",  "Sync failing for",
    "Need a copy of",     "Upgrade options for",    "Cancel",           "Timeout in"};
constexpr std::array<const char*, 16> kSubjectObjects = {"the mobile app",
                                                         "my account",
                                                         "the dashboard",
                                                         "my last order",
                                                         "the API",
                                                         "the invoice",
                                                         "the reports page",
                                                         "team settings",
                                                         "the checkout",
                                                         "notifications",
                                                         "the CSV export",
                                                         "SSO configuration",
                                                         "the Slack integration",
                                                         "my shipping address",
                                                         "two-factor authentication",
                                                         "the subscription"};
constexpr std::array<const char*, 20> kDescriptionSentences = {
    "Since this morning the page shows a spinner and never finishes loading.",
    "I tried clearing the cache and signing in again, but nothing changed.",
    "The error message says something went wrong and asks me to try again later.",
    "This is blocking our whole team, we have a deadline at the end of the week.",
    "It worked fine until the update you released on Monday.",
    "I have attached a screenshot of what I see in the browser console.",
    "We are on the business plan with about forty seats.",
    "Could you tell me whether this is a known issue and when it will be fixed?",
    "The amount charged does not match the price shown on the pricing page.",
    "I would like to change the e-mail address that receives the invoices.",
    "Our accountant needs the invoices for the last quarter as PDF files.",
    "The export stops at about ten thousand rows and the file is truncated.",
    "The webhook deliveries fail with a 502 from your side every few minutes.",
    "Please let me know which information you need from me to investigate.",
    "The mobile app crashes as soon as I open the notifications tab.",
    "We use Chrome 120 on Windows 11 and Safari 17 on macOS.",
    "A colleague of mine has the same problem with a different account.",
    "I was charged twice for the same order and would like a refund.",
    "The parcel was marked as delivered but nothing arrived.",
    "Is there a way to do this through the API instead of the web interface?"};
constexpr std::array<const char*, 12> kAgentSentences = {
    "Thanks for reaching out, I am looking into this for you now.",
    "Could you send me the exact time the error happened and your browser version?",
    "I have reproduced the problem and passed it to our engineering team.",
    "The fix has been deployed; could you check whether it works for you now?",
    "I have issued the refund, it should appear on your statement within five days.",
    "You can change this under Settings, then Billing, then Invoice recipients.",
    "I have attached the invoices you asked for.",
    "This is a known issue and we expect a fix in the next release.",
    "I reset the two-factor settings on your account; you can enrol again now.",
    "Let me know if there is anything else I can help with.",
    "I am closing this ticket for now; reply to reopen it at any time.",
    "Our logs show the requests timing out on the import worker."};
constexpr std::array<const char*, 10> kCustomerSentences = {
    "Thanks, that fixed it.",
    "It still happens, I just tried again a minute ago.",
    "Here is the screenshot you asked for.",
    "The error happened at about 10:15 in the morning, using Firefox.",
    "Any update on this? It has been a few days.",
    "Great, thank you for the quick answer!",
    "I do not see the refund yet, could you check?",
    "Sorry, I do not find that option in the settings.",
    "That works, you can close the ticket.",
    "Could you also add my colleague to the account?"};
constexpr std::array<const char*, 8> kNoteSentences = {
    "Customer is on the enterprise plan, handle with priority.",
    "Same root cause as the import timeouts reported last week.",
    "Escalated to the billing team for the refund approval.",
    "Checked the logs: the requests never reached the API gateway.",
    "Possible duplicate of an earlier ticket from the same account.",
    "Engineering confirmed the fix ships in the next release.",
    "Waiting for the payment provider to confirm the chargeback.",
    "Do not promise a date, the fix is not scheduled yet."};

constexpr std::array<const char*, 6> kOpenStatuses = {
    "open", "in_progress", "waiting_on_customer", "waiting_on_agent", "escalated", "reopened"};
constexpr std::array<double, 6> kOpenStatusWeights = {35, 25, 20, 12, 4, 4};
constexpr std::array<double, 5> kPriorityWeights = {35, 40, 15, 7, 3};  // low .. critical
constexpr std::array<const char*, 4> kTypes = {"question", "problem", "incident", "task"};
constexpr std::array<double, 4> kTypeWeights = {45, 30, 15, 10};
constexpr std::array<const char*, 4> kChannels = {"web", "email", "widget", "api"};
constexpr std::array<double, 4> kChannelWeights = {50, 35, 10, 5};
constexpr std::array<double, 4> kTagCountWeights = {30, 35, 25, 10};

// ---- batched inserts --------------------------------------------------------

// Buffers rows of one table and inserts them kRows at a time with one
// multi-row INSERT whose text never changes, so it is prepared once.
class BatchInserter {
 public:
  BatchInserter(std::string head, int columns, int rows_per_statement)
      : head_(std::move(head)), columns_(columns), rows_(rows_per_statement) {
    full_sql_ = sql_for(rows_);
    params_.reserve(static_cast<size_t>(columns_ * rows_));
  }

  // Appends one row's values; the caller pushes exactly `columns` values.
  Params& params() { return params_; }
  void row_done(Connection& c) {
    ++pending_;
    if (pending_ == rows_) flush_full(c);
  }
  // Inserts whatever is buffered (the last, partial statement).
  void flush(Connection& c) {
    if (pending_ == 0) return;
    c.execute(pending_ == rows_ ? full_sql_ : sql_for(pending_), params_);
    inserted_ += pending_;
    pending_ = 0;
    params_.clear();
  }
  int pending() const { return pending_; }
  std::int64_t inserted() const { return inserted_; }

 private:
  void flush_full(Connection& c) {
    c.execute(full_sql_, params_);
    inserted_ += pending_;
    pending_ = 0;
    params_.clear();
  }
  std::string sql_for(int rows) const {
    std::string one = "(";
    for (int i = 0; i < columns_; ++i) one += i ? ",?" : "?";
    one += ")";
    std::string sql = head_ + " VALUES ";
    sql.reserve(sql.size() + static_cast<size_t>(rows) * (one.size() + 1));
    for (int r = 0; r < rows; ++r) {
      if (r) sql += ',';
      sql += one;
    }
    return sql;
  }

  std::string head_;
  int columns_;
  int rows_;
  std::string full_sql_;
  Params params_;
  int pending_ = 0;
  std::int64_t inserted_ = 0;
};

struct Settings {
  std::string database;
  std::int64_t tickets = 100000;
  double replies_per_ticket = 3.0;
  int agents = 50;
  int admins = 2;
  int customers = 20000;
  std::uint64_t seed = 42;
  std::string password = "bench-password";
  int tickets_per_transaction = 4000;
  bool keep_indexes = false;
  bool analyze = false;
  bool analyze_only = false;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::int64_t wall_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string sentences(Rng& rng, const auto& pool, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ' ';
    out += rng.one_of(pool);
  }
  return out;
}

// Generates and inserts everything; returns the row counts by table.
std::map<std::string, std::int64_t> seed(Database& db, const Settings& s) {
  Rng rng(s.seed);
  const std::int64_t now = wall_millis();
  const std::int64_t span = 730 * kDay;
  const std::int64_t start = now - span;
  std::map<std::string, std::int64_t> counts;

  // One argon2id hash for everybody: hashing 20,000 passwords would take
  // twenty minutes and measure nothing.
  const std::string hash = escalated::security::hash_password(s.password);

  // Users: admins, then agents, then customers. Ids are explicit so tickets
  // can name them without reading anything back.
  const std::int64_t first_admin = 1;
  const std::int64_t first_agent = first_admin + s.admins;
  const std::int64_t first_customer = first_agent + s.agents;
  const std::int64_t user_count = first_customer + s.customers - 1;
  {
    BatchInserter users(
        "INSERT INTO users (id, name, email, password_hash, role, active, external_id, "
        "created_at, updated_at)",
        9, 1000);
    db.write([&](Connection& c) {
      for (std::int64_t id = 1; id <= user_count; ++id) {
        std::string role, email;
        if (id < first_agent) {
          role = "admin";
          email = "admin" + std::to_string(id - first_admin + 1) + "@bench.example";
        } else if (id < first_customer) {
          role = "agent";
          email = "agent" + std::to_string(id - first_agent + 1) + "@bench.example";
        } else {
          role = "customer";
          email = "customer" + std::to_string(id - first_customer + 1) + "@bench.example";
        }
        std::string name = std::string(rng.one_of(kFirstNames)) + " " + rng.one_of(kLastNames);
        std::int64_t created = role == "customer" ? start + rng.below(span) : start - 30 * kDay;
        Params& p = users.params();
        p.emplace_back(id);
        p.emplace_back(std::move(name));
        p.emplace_back(std::move(email));
        p.emplace_back(hash);
        p.emplace_back(std::move(role));
        p.emplace_back(1);
        p.emplace_back(nullptr);
        p.emplace_back(created);
        p.emplace_back(created);
        users.row_done(c);
      }
      users.flush(c);
    });
    counts["users"] = users.inserted();
  }
  // Permissions come from roles: each user holds the system role named by its
  // coarse kind, as migration 0010 gives existing users. Without these rows
  // every bench request is a 403.
  counts["user_roles"] = db.write([](Connection& c) {
    return c.execute(
        "INSERT INTO user_roles (user_id, role_id) "
        "SELECT u.id, r.id FROM users u JOIN roles r ON r.slug = u.role");
  });

  db.write([&](Connection& c) {
    for (size_t i = 0; i < kDepartments.size(); ++i) {
      c.execute(
          "INSERT INTO departments (id, name, description, active, created_at, updated_at) "
          "VALUES (?, ?, ?, 1, ?, ?)",
          {static_cast<std::int64_t>(i + 1), kDepartments[i],
           std::string("Questions for the ") + kDepartments[i] + " team", start, start});
    }
    for (size_t i = 0; i < kTags.size(); ++i) {
      c.execute(
          "INSERT INTO tags (id, name, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
          {static_cast<std::int64_t>(i + 1), kTags[i], kColors[i % kColors.size()], start, start});
    }
  });
  counts["departments"] = static_cast<std::int64_t>(kDepartments.size());
  counts["tags"] = static_cast<std::int64_t>(kTags.size());

  BatchInserter tickets(
      "INSERT INTO tickets (id, subject, description, status, priority, ticket_type, channel, "
      "requester_id, guest_name, guest_email, assignee_id, department_id, created_at, "
      "updated_at, resolved_at, closed_at, first_response_at, description_html)",
      18, 500);
  BatchInserter replies(
      "INSERT INTO replies (id, ticket_id, author_id, body, is_internal_note, created_at, "
      "body_html)",
      7, 1000);
  BatchInserter ticket_tags("INSERT INTO ticket_tags (ticket_id, tag_id)", 2, 2000);

  struct Reply {
    std::int64_t at;
    std::optional<std::int64_t> author;
    bool note;
    bool by_agent;
  };
  std::vector<Reply> thread;
  std::int64_t reply_id = 0;
  const auto insert_start = Clock::now();
  std::int64_t next_progress = s.tickets / 10;

  for (std::int64_t first = 1; first <= s.tickets; first += s.tickets_per_transaction) {
    std::int64_t last = std::min(s.tickets, first + s.tickets_per_transaction - 1);
    db.write([&](Connection& c) {
      // Tickets of this transaction first (replies and tags refer to them);
      // replies and tags left over from a partial statement carry on into
      // the next transaction, so every statement but the very last is full.
      struct Pending {
        std::int64_t id;
        std::vector<Reply> thread;
        std::vector<int> tags;
      };
      std::vector<Pending> children;
      children.reserve(static_cast<size_t>(last - first + 1));
      for (std::int64_t id = first; id <= last; ++id) {
        std::int64_t created = start + static_cast<std::int64_t>((static_cast<double>(id) - 0.5) /
                                                                 static_cast<double>(s.tickets) *
                                                                 static_cast<double>(span));
        created += rng.below(20 * kMinute) - 10 * kMinute;
        created = std::min(created, now - kMinute);
        double age_days = static_cast<double>(now - created) / kDay;
        bool open_ish = rng.chance(0.12 + 0.75 * std::exp(-age_days / 30.0));

        std::string status;
        std::int64_t updated;
        std::optional<std::int64_t> resolved_at, closed_at;
        if (open_ish) {
          status = kOpenStatuses[rng.pick(kOpenStatusWeights)];
          updated = created + std::min<std::int64_t>(
                                  static_cast<std::int64_t>(rng.exponential(kDay)), now - created);
        } else {
          std::int64_t resolved =
              created + 10 * kMinute + static_cast<std::int64_t>(rng.exponential(2.0 * kDay));
          resolved = std::min(resolved, now - kMinute);
          resolved = std::max(resolved, created);
          resolved_at = resolved;
          bool auto_closed = now - resolved > 7 * kDay;
          if (auto_closed || rng.chance(0.15)) {
            status = "closed";
            std::int64_t closed =
                auto_closed && rng.chance(0.8)
                    ? resolved + 7 * kDay
                    : resolved + static_cast<std::int64_t>(rng.exponential(kHour));
            closed_at = std::min(closed, now);
          } else {
            status = "resolved";
          }
          updated = closed_at ? *closed_at : resolved;
        }

        std::optional<std::int64_t> requester;
        std::optional<std::string> guest_name, guest_email;
        if (rng.chance(0.95)) {
          requester = first_customer + rng.below(s.customers);
        } else {
          std::string first_name = rng.one_of(kFirstNames);
          guest_name = first_name + " " + rng.one_of(kLastNames);
          guest_email = "guest" + std::to_string(id) + "@visitor.example";
        }
        double p_assigned = status == "open" || status == "reopened" ? 0.3 : open_ish ? 0.95 : 0.75;
        std::optional<std::int64_t> assignee;
        if (rng.chance(p_assigned)) assignee = first_agent + rng.below(s.agents);
        std::optional<std::int64_t> department;
        if (rng.chance(0.85)) department = 1 + rng.pick(kDepartmentWeights);

        // The conversation, between creation and the last update.
        thread.clear();
        int n = rng.geometric(s.replies_per_ticket);
        std::optional<std::int64_t> first_response;
        for (int k = 0; k < n; ++k) {
          Reply r{};
          r.at = created + rng.below(std::max<std::int64_t>(1, updated - created + 1));
          r.note = rng.chance(0.2);
          r.by_agent = r.note || (status != "open" && rng.chance(0.5));
          if (r.by_agent)
            r.author = assignee ? *assignee : first_agent + rng.below(s.agents);
          else
            r.author = requester;
          thread.push_back(r);
        }
        std::sort(thread.begin(), thread.end(),
                  [](const Reply& a, const Reply& b) { return a.at < b.at; });
        for (const Reply& r : thread) {
          if (r.by_agent && !r.note) {
            first_response = r.at;
            break;
          }
        }

        std::string subject =
            std::string(rng.one_of(kSubjectLeads)) + " " + rng.one_of(kSubjectObjects);
        std::string description = sentences(rng, kDescriptionSentences, 2 + rng.below(3)) +
                                  " Reference number " +
                                  std::to_string(100000 + rng.below(900000)) + ".";

        Params& p = tickets.params();
        p.emplace_back(id);
        p.emplace_back(std::move(subject));
        std::string description_html = escalated::security::render_markdown(description);
        p.emplace_back(std::move(description));
        p.emplace_back(std::move(status));
        p.emplace_back(rng.pick(kPriorityWeights));
        p.emplace_back(kTypes[rng.pick(kTypeWeights)]);
        p.emplace_back(kChannels[rng.pick(kChannelWeights)]);
        p.emplace_back(requester);
        p.emplace_back(guest_name);
        p.emplace_back(guest_email);
        p.emplace_back(assignee);
        p.emplace_back(department);
        p.emplace_back(created);
        p.emplace_back(updated);
        p.emplace_back(resolved_at);
        p.emplace_back(closed_at);
        p.emplace_back(first_response);
        p.emplace_back(std::move(description_html));
        tickets.row_done(c);

        Pending pending{id, thread, {}};
        int tag_count = rng.pick(kTagCountWeights);
        while (static_cast<int>(pending.tags.size()) < tag_count) {
          // Skewed: a few tags are on many tickets, most on few.
          double u = rng.uniform();
          int tag = 1 + static_cast<int>(u * u * static_cast<double>(kTags.size()));
          if (std::find(pending.tags.begin(), pending.tags.end(), tag) == pending.tags.end())
            pending.tags.push_back(tag);
        }
        std::sort(pending.tags.begin(), pending.tags.end());
        children.push_back(std::move(pending));
      }
      tickets.flush(c);

      for (const Pending& t : children) {
        for (const Reply& r : t.thread) {
          Params& p = replies.params();
          p.emplace_back(++reply_id);
          p.emplace_back(t.id);
          p.emplace_back(r.author);
          std::string body = r.note       ? sentences(rng, kNoteSentences, 1 + rng.below(2))
                             : r.by_agent ? sentences(rng, kAgentSentences, 1 + rng.below(3))
                                          : sentences(rng, kCustomerSentences, 1 + rng.below(2));
          std::string body_html = escalated::security::render_markdown(body);
          p.emplace_back(std::move(body));
          p.emplace_back(r.note ? 1 : 0);
          p.emplace_back(r.at);
          p.emplace_back(std::move(body_html));
          replies.row_done(c);
        }
        for (int tag : t.tags) {
          Params& p = ticket_tags.params();
          p.emplace_back(t.id);
          p.emplace_back(tag);
          ticket_tags.row_done(c);
        }
      }
      if (last == s.tickets) {
        replies.flush(c);
        ticket_tags.flush(c);
      }
    });
    if (last >= next_progress || last == s.tickets) {
      double elapsed = seconds_since(insert_start);
      std::int64_t rows = tickets.inserted() + replies.inserted() + ticket_tags.inserted();
      std::fprintf(stderr, "  %lld/%lld tickets, %lld rows, %.1f s, %.0f rows/s\n",
                   static_cast<long long>(last), static_cast<long long>(s.tickets),
                   static_cast<long long>(rows), elapsed, static_cast<double>(rows) / elapsed);
      next_progress += s.tickets / 10;
    }
  }
  counts["tickets"] = tickets.inserted();
  counts["replies"] = replies.inserted();
  counts["ticket_tags"] = ticket_tags.inserted();
  return counts;
}

struct SavedIndex {
  std::string name, sql;
};

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  CLI::App app{"Fills an empty Escalated database with benchmark data"};
  app.add_option("--database", s.database, "sqlite:PATH or postgresql://...")->required();
  app.add_option("--tickets", s.tickets, "Number of tickets")
      ->check(CLI::Range(1LL, 100'000'000LL));
  app.add_option("--replies-per-ticket", s.replies_per_ticket, "Average replies per ticket")
      ->check(CLI::Range(0.0, 100.0));
  app.add_option("--agents", s.agents, "Agents")->check(CLI::Range(1, 100000));
  app.add_option("--admins", s.admins, "Administrators")->check(CLI::Range(1, 1000));
  app.add_option("--customers", s.customers, "Customers")->check(CLI::Range(1, 10'000'000));
  app.add_option("--seed", s.seed, "Random seed (same seed, same data)");
  app.add_option("--password", s.password, "The password every seeded user gets");
  app.add_option("--batch", s.tickets_per_transaction, "Tickets per transaction")
      ->check(CLI::Range(1, 1'000'000));
  app.add_flag("--keep-indexes", s.keep_indexes,
               "Keep secondary indexes while inserting (slower; SQLite only)");
  app.add_flag("--analyze", s.analyze, "Run ANALYZE at the end (the server never does)");
  app.add_flag("--analyze-only", s.analyze_only,
               "Only run ANALYZE on an existing database (to compare query plans)");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto started = Clock::now();
    auto db = Database::open(s.database);
    escalated::store::migrate(*db);
    const bool sqlite = db->dialect() == Dialect::kSqlite;
    if (s.analyze_only) {
      db->write([](Connection& c) { c.execute_script("ANALYZE"); });
      std::printf("analyzed %s in %.1f s\n", s.database.c_str(), seconds_since(started));
      return 0;
    }

    std::int64_t existing = db->read([](Connection& c) {
      return c.scalar("SELECT COUNT(*) FROM users")->as_int() +
             c.scalar("SELECT COUNT(*) FROM tickets")->as_int();
    });
    if (existing > 0) {
      std::fprintf(stderr,
                   "error: %s already holds users or tickets; bench_seed fills only an empty "
                   "database\n",
                   s.database.c_str());
      return 2;
    }

    std::vector<SavedIndex> indexes;
    if (sqlite) {
      db->write([&](Connection& c) {
        // (synchronous stays FULL: it cannot change inside a transaction, and
        // with a few thousand tickets per commit the fsyncs hardly matter.)
        c.execute_script("PRAGMA cache_size = -262144");  // 256 MiB
        if (s.keep_indexes) return;
        auto rs = c.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('tickets', 'replies', 'ticket_tags') ORDER BY name");
        for (const auto& row : rs.rows) {
          indexes.push_back({row.text(0), row.text(1)});
          c.execute_script("DROP INDEX " + row.text(0));
        }
      });
    }

    std::fprintf(stderr, "seeding %lld tickets into %s ...\n", static_cast<long long>(s.tickets),
                 s.database.c_str());
    const auto insert_start = Clock::now();
    auto counts = seed(*db, s);
    const double insert_seconds = seconds_since(insert_start);

    const auto index_start = Clock::now();
    if (!indexes.empty()) {
      std::fprintf(stderr, "rebuilding %zu indexes ...\n", indexes.size());
      db->write([&](Connection& c) {
        for (const auto& index : indexes) c.execute_script(index.sql);
      });
    }
    if (s.analyze) db->write([](Connection& c) { c.execute_script("ANALYZE"); });
    if (db->dialect() == Dialect::kPostgres) {
      // Explicit ids do not move identity sequences; move them past the data.
      db->write([](Connection& c) {
        for (const char* table : {"users", "departments", "tags", "tickets", "replies"}) {
          c.query(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                  "', 'id'), (SELECT COALESCE(MAX(id), 1) FROM " + table + "))");
        }
      });
    }
    const double index_seconds = seconds_since(index_start);
    if (sqlite) {
      db->read([](Connection& c) { c.execute_script("PRAGMA wal_checkpoint(TRUNCATE)"); });
    }
    const double total_seconds = seconds_since(started);

    std::int64_t rows = 0;
    for (const auto& [table, n] : counts) rows += n;
    std::int64_t bulk_rows = counts["tickets"] + counts["replies"] + counts["ticket_tags"];
    std::printf("seeded %s\n", s.database.c_str());
    for (const auto& [table, n] : counts)
      std::printf("  %-12s %12lld\n", table.c_str(), static_cast<long long>(n));
    std::printf("  inserting   %8.1f s  %10.0f rows/s (tickets, replies, tags)\n", insert_seconds,
                static_cast<double>(bulk_rows) / insert_seconds);
    std::printf("  indexes     %8.1f s\n", index_seconds);
    std::printf("  total       %8.1f s  %10.0f rows/s overall\n", total_seconds,
                static_cast<double>(rows) / total_seconds);
    std::printf(
        "sign in as admin1@bench.example, agent1@bench.example .. agent%d@bench.example,\n"
        "  customer1@bench.example .. customer%d@bench.example; password: %s\n",
        s.agents, s.customers, s.password.c_str());
    std::printf(
        "BENCH_SEED rows=%lld seconds=%.2f insert_rows_per_s=%.0f overall_rows_per_s=%.0f\n",
        static_cast<long long>(rows), total_seconds,
        static_cast<double>(bulk_rows) / insert_seconds, static_cast<double>(rows) / total_seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
