// Reads Options from a JSON file and the environment. Every key is checked:
// a typo in a configuration file stops the start with a message naming it,
// rather than being silently ignored.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/enums.h"
#include "core/text.h"
#include "core/ticket_status.h"
#include "escalated/options.h"

extern char** environ;

namespace escalated {
namespace {

namespace json = boost::json;

class Reader {
 public:
  explicit Reader(std::vector<std::string>& problems) : problems_(problems) {}

  void string(const json::object& o, const char* key, const std::string& path, std::string& out) {
    if (auto v = o.if_contains(key)) {
      if (v->is_string())
        out = std::string(v->as_string());
      else
        wrong(path + key, "a string");
    }
  }
  void boolean(const json::object& o, const char* key, const std::string& path, bool& out) {
    if (auto v = o.if_contains(key)) {
      if (v->is_bool())
        out = v->as_bool();
      else
        wrong(path + key, "true or false");
    }
  }
  void optional_boolean(const json::object& o, const char* key, const std::string& path,
                        std::optional<bool>& out) {
    if (auto v = o.if_contains(key)) {
      if (v->is_bool())
        out = v->as_bool();
      else if (!v->is_null())
        wrong(path + key, "true, false or null");
    }
  }
  template <typename Int>
  void integer(const json::object& o, const char* key, const std::string& path, Int& out,
               long long min, long long max) {
    if (auto v = o.if_contains(key)) {
      if ((v->is_int64() || v->is_uint64()) && v->to_number<long long>() >= min &&
          v->to_number<long long>() <= max) {
        out = static_cast<Int>(v->to_number<long long>());
      } else {
        wrong(path + key, "an integer from " + std::to_string(min) + " to " + std::to_string(max));
      }
    }
  }
  void strings(const json::object& o, const char* key, const std::string& path,
               std::vector<std::string>& out) {
    if (auto v = o.if_contains(key)) {
      if (!v->is_array()) return wrong(path + key, "a list of strings");
      std::vector<std::string> items;
      for (const auto& item : v->as_array()) {
        if (!item.is_string()) return wrong(path + key, "a list of strings");
        items.emplace_back(item.as_string());
      }
      out = items;
    }
  }
  void unknown_keys(const json::object& o, const std::string& path,
                    std::initializer_list<const char*> known) {
    std::set<std::string> names(known.begin(), known.end());
    for (const auto& [key, value] : o) {
      if (!names.count(std::string(key)))
        problems_.push_back("unknown key " + path + std::string(key));
    }
  }
  const json::object* object(const json::object& o, const char* key, const std::string& path) {
    auto v = o.if_contains(key);
    if (!v) return nullptr;
    if (!v->is_object()) {
      wrong(path + key, "an object");
      return nullptr;
    }
    return &v->as_object();
  }
  void wrong(const std::string& key, const std::string& expected) {
    problems_.push_back(key + " must be " + expected);
  }

 private:
  std::vector<std::string>& problems_;
};

void read_file(const std::string& path, Options& options, std::vector<std::string>& problems) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read configuration file " + path);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  json::value root = json::parse(text.str(), ec);
  if (ec) throw ConfigError("configuration file " + path + " is not valid JSON: " + ec.message());
  if (!root.is_object())
    throw ConfigError("configuration file " + path + " must hold a JSON object");
  const json::object& o = root.as_object();
  Reader r(problems);
  r.unknown_keys(o, "",
                 {"RoutePrefix",
                  "TicketReferencePrefix",
                  "DefaultPriority",
                  "AllowCustomerClose",
                  "AutoCloseResolvedAfterDays",
                  "Sla",
                  "EnableRealTime",
                  "AllowRegistration",
                  "DatabaseUrl",
                  "Listen",
                  "SecureCookies",
                  "MaxBodyBytes",
                  "SessionLifetimeHours",
                  "PasswordResetMinutes",
                  "Threads",
                  "LogRequests",
                  "WebRoot",
                  "RateLimits",
                  "FrameAncestors",
                  "Webhooks",
                  "Attachments",
                  "Mail",
                  "Email",
                  "Retention"});
  r.string(o, "RoutePrefix", "", options.route_prefix);
  r.string(o, "TicketReferencePrefix", "", options.ticket_reference_prefix);
  r.string(o, "DefaultPriority", "", options.default_priority);
  r.boolean(o, "AllowCustomerClose", "", options.allow_customer_close);
  r.integer(o, "AutoCloseResolvedAfterDays", "", options.auto_close_resolved_after_days, 0, 3650);
  r.boolean(o, "EnableRealTime", "", options.enable_real_time);
  r.boolean(o, "AllowRegistration", "", options.allow_registration);
  r.string(o, "DatabaseUrl", "", options.database_url);
  r.string(o, "Listen", "", options.listen);
  r.optional_boolean(o, "SecureCookies", "", options.secure_cookies);
  r.integer(o, "MaxBodyBytes", "", options.max_body_bytes, 1024, 1LL << 30);
  r.integer(o, "SessionLifetimeHours", "", options.session_lifetime_hours, 1, 24 * 365);
  r.integer(o, "PasswordResetMinutes", "", options.password_reset_minutes, 5, 24 * 60);
  r.integer(o, "Threads", "", options.threads, 0, 256);
  r.boolean(o, "LogRequests", "", options.log_requests);
  r.string(o, "WebRoot", "", options.web_root);
  r.strings(o, "FrameAncestors", "", options.frame_ancestors);
  if (const json::object* wh = r.object(o, "Webhooks", "")) {
    r.unknown_keys(*wh, "Webhooks.", {"AllowedHosts"});
    r.strings(*wh, "AllowedHosts", "Webhooks.", options.webhooks.allowed_hosts);
  }
  if (const json::object* at = r.object(o, "Attachments", "")) {
    r.unknown_keys(*at, "Attachments.", {"MaxSizeKb", "MaxPerReply", "Directory"});
    r.integer(*at, "MaxSizeKb", "Attachments.", options.attachments.max_size_kb, 1, 1 << 20);
    r.integer(*at, "MaxPerReply", "Attachments.", options.attachments.max_per_reply, 0, 100);
    r.string(*at, "Directory", "Attachments.", options.attachments.directory);
  }
  if (const json::object* m = r.object(o, "Mail", "")) {
    r.unknown_keys(*m, "Mail.",
                   {"SmtpUrl", "Username", "Password", "RequireTls", "VerifyTls", "From",
                    "MaxAttempts", "PublicUrl"});
    r.string(*m, "SmtpUrl", "Mail.", options.mail.smtp_url);
    r.string(*m, "Username", "Mail.", options.mail.username);
    r.string(*m, "Password", "Mail.", options.mail.password);
    r.boolean(*m, "RequireTls", "Mail.", options.mail.require_tls);
    r.boolean(*m, "VerifyTls", "Mail.", options.mail.verify_tls);
    r.string(*m, "From", "Mail.", options.mail.from);
    r.integer(*m, "MaxAttempts", "Mail.", options.mail.max_attempts, 1, 50);
    r.string(*m, "PublicUrl", "Mail.", options.mail.public_url);
  }
  if (const json::object* e = r.object(o, "Email", "")) {
    r.unknown_keys(*e, "Email.", {"Domain", "InboundSecret", "MaxInboundKb"});
    r.string(*e, "Domain", "Email.", options.email.domain);
    r.string(*e, "InboundSecret", "Email.", options.email.inbound_secret);
    r.integer(*e, "MaxInboundKb", "Email.", options.email.max_inbound_kb, 1, 1 << 20);
  }
  if (const json::object* rt = r.object(o, "Retention", "")) {
    r.unknown_keys(*rt, "Retention.", {"EventsDays", "MailDays", "WebhookDeliveriesDays"});
    r.integer(*rt, "EventsDays", "Retention.", options.retention.events_days, 0, 3650);
    r.integer(*rt, "MailDays", "Retention.", options.retention.mail_days, 0, 3650);
    r.integer(*rt, "WebhookDeliveriesDays", "Retention.", options.retention.webhook_deliveries_days,
              0, 3650);
  }
  if (const json::object* rl = r.object(o, "RateLimits", "")) {
    r.unknown_keys(*rl, "RateLimits.",
                   {"Enabled", "Auth", "Api", "Admin", "LoginMaxFailures", "LoginWindowMinutes"});
    r.boolean(*rl, "Enabled", "RateLimits.", options.rate_limits.enabled);
    for (auto [key, limit] :
         {std::pair{"Auth", &options.rate_limits.auth}, std::pair{"Api", &options.rate_limits.api},
          std::pair{"Admin", &options.rate_limits.admin}}) {
      if (const json::object* group = r.object(*rl, key, "RateLimits.")) {
        std::string path = std::string("RateLimits.") + key + ".";
        r.unknown_keys(*group, path, {"Limit", "WindowSeconds"});
        r.integer(*group, "Limit", path, limit->limit, 1, 1'000'000);
        r.integer(*group, "WindowSeconds", path, limit->window_seconds, 1, 86'400);
      }
    }
    r.integer(*rl, "LoginMaxFailures", "RateLimits.", options.rate_limits.login_max_failures, 1,
              1000);
    r.integer(*rl, "LoginWindowMinutes", "RateLimits.", options.rate_limits.login_window_minutes, 1,
              24 * 60);
  }
  if (const json::object* sla = r.object(o, "Sla", "")) {
    r.unknown_keys(
        *sla, "Sla.",
        {"Enabled", "BusinessHoursOnly", "BusinessHours", "PausedStatuses", "WarningMinutes"});
    r.boolean(*sla, "Enabled", "Sla.", options.sla.enabled);
    r.boolean(*sla, "BusinessHoursOnly", "Sla.", options.sla.business_hours_only);
    r.strings(*sla, "PausedStatuses", "Sla.", options.sla.paused_statuses);
    r.integer(*sla, "WarningMinutes", "Sla.", options.sla.warning_minutes, 0, 100000);
    if (const json::object* bh = r.object(*sla, "BusinessHours", "Sla.")) {
      r.unknown_keys(*bh, "Sla.BusinessHours.", {"Start", "End", "Timezone", "Days"});
      r.string(*bh, "Start", "Sla.BusinessHours.", options.sla.business_hours.start);
      r.string(*bh, "End", "Sla.BusinessHours.", options.sla.business_hours.end);
      r.string(*bh, "Timezone", "Sla.BusinessHours.", options.sla.business_hours.timezone);
      if (auto v = bh->if_contains("Days")) {
        std::vector<int> days;
        bool ok = v->is_array();
        if (ok) {
          for (const auto& d : v->as_array()) {
            if (!d.is_int64() || d.as_int64() < 0 || d.as_int64() > 7)
              ok = false;
            else
              days.push_back(static_cast<int>(d.as_int64()));
          }
        }
        if (ok)
          options.sla.business_hours.days = days;
        else
          r.wrong("Sla.BusinessHours.Days", "a list of weekday numbers (0-7)");
      }
    }
  }
}

bool parse_bool_env(const std::string& value) {
  return value == "1" || value == "true" || value == "yes" || value == "on";
}

// Checks values whose meaning the types alone do not carry.
void check(const Options& o, std::vector<std::string>& problems) {
  if (!core::parse_priority(o.default_priority)) {
    problems.push_back("DefaultPriority must be one of low, medium, high, urgent, critical");
  }
  for (const auto& s : o.sla.paused_statuses) {
    if (!core::parse_status(s))
      problems.push_back("Sla.PausedStatuses names an unknown status: " + s);
  }
  for (char ch : o.route_prefix) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '/') {
      problems.push_back("RoutePrefix may hold only letters, digits, '-', '_' and '/'");
      break;
    }
  }
  if (o.ticket_reference_prefix.empty() || o.ticket_reference_prefix.size() > 10) {
    problems.push_back("TicketReferencePrefix must be 1 to 10 characters");
  }
  for (char ch : o.ticket_reference_prefix) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      problems.push_back("TicketReferencePrefix may hold only letters and digits");
      break;
    }
  }
  if (o.listen.rfind(':') == std::string::npos) problems.push_back("Listen must be HOST:PORT");
  if (!o.mail.smtp_url.empty() && o.mail.smtp_url.rfind("smtp://", 0) != 0 &&
      o.mail.smtp_url.rfind("smtps://", 0) != 0)
    problems.push_back("Mail.SmtpUrl must start with smtp:// or smtps://");
  // The domain is written into Message-ID and Reply-To headers.
  if (o.email.domain.empty() ||
      o.email.domain.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != std::string::npos)
    problems.push_back("Email.Domain must be a host name (letters, digits, '.', '-')");
  if (o.mail.from.find_first_of("\r\n") != std::string::npos)
    problems.push_back("Mail.From must not hold line breaks");
  for (const auto& origin : o.frame_ancestors) {
    // Written into a CSP header: one origin each, nothing that ends the directive.
    bool plain = !origin.empty() && origin.find_first_of(" ;,'\"\r\n") == std::string::npos;
    if (!plain)
      problems.push_back("FrameAncestors entries must be origins such as https://example.com");
  }
}

}  // namespace

Options load_options(const std::optional<std::string>& config_path,
                     const std::map<std::string, std::string>& env) {
  Options options;
  std::vector<std::string> problems;
  if (config_path) read_file(*config_path, options, problems);
  auto get = [&](const char* name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto v = get("ESCALATED_DATABASE_URL")) options.database_url = *v;
  if (auto v = get("ESCALATED_LISTEN")) options.listen = *v;
  if (auto v = get("ESCALATED_ROUTE_PREFIX")) options.route_prefix = *v;
  if (auto v = get("ESCALATED_TEST_CLOCK")) options.test_clock = parse_bool_env(*v);
  if (auto v = get("ESCALATED_ALLOW_REGISTRATION")) options.allow_registration = parse_bool_env(*v);
  if (auto v = get("ESCALATED_LOG_REQUESTS")) options.log_requests = parse_bool_env(*v);
  if (auto v = get("ESCALATED_WEB_ROOT")) options.web_root = *v;
  if (auto v = get("ESCALATED_ATTACHMENTS_DIR")) options.attachments.directory = *v;
  if (auto v = get("ESCALATED_SMTP_URL")) options.mail.smtp_url = *v;
  if (auto v = get("ESCALATED_SMTP_USERNAME")) options.mail.username = *v;
  if (auto v = get("ESCALATED_SMTP_PASSWORD")) options.mail.password = *v;
  if (auto v = get("ESCALATED_MAIL_FROM")) options.mail.from = *v;
  if (auto v = get("ESCALATED_EMAIL_DOMAIN")) options.email.domain = *v;
  if (auto v = get("ESCALATED_INBOUND_SECRET")) options.email.inbound_secret = *v;
  if (auto v = get("ESCALATED_PUBLIC_URL")) options.mail.public_url = *v;
  if (auto v = get("ESCALATED_RATE_LIMITS")) options.rate_limits.enabled = parse_bool_env(*v);
  if (auto v = get("ESCALATED_REAL_TIME")) options.enable_real_time = parse_bool_env(*v);
  if (auto v = get("ESCALATED_WEBHOOK_ALLOWED_HOSTS")) {
    options.webhooks.allowed_hosts = core::split_list(*v);
  }
  // The prefix is stored without slashes: "support", or "" for the root.
  while (!options.route_prefix.empty() && options.route_prefix.front() == '/')
    options.route_prefix.erase(0, 1);
  while (!options.route_prefix.empty() && options.route_prefix.back() == '/')
    options.route_prefix.pop_back();
  check(options, problems);
  if (!problems.empty()) {
    std::string message = "invalid configuration:";
    for (const auto& p : problems) message += "\n  - " + p;
    throw ConfigError(message);
  }
  return options;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) out[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return out;
}

}  // namespace escalated
