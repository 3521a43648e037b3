// Reads Options from a JSON file and the environment. Every key is checked:
// a typo in a configuration file stops the start with a message naming it,
// rather than being silently ignored.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/client_address.h"
#include "core/enums.h"
#include "core/json_fields.h"
#include "core/locale.h"
#include "core/text.h"
#include "core/ticket_status.h"
#include "escalated/options.h"

extern char** environ;

namespace escalated {
namespace {

namespace json = boost::json;

// Copies a member that was read into the option it sets; an absent or wrong
// one leaves the default (the reader has reported a wrong one).
template <typename T, typename V>
void set(T& option, const std::optional<V>& value) {
  if (value) option = static_cast<T>(*value);
}

void read_rate_limit(core::JsonFields& group, RateLimit& limit) {
  group.only({"Limit", "WindowSeconds"});
  set(limit.limit, group.integer("Limit", 1, 1'000'000));
  set(limit.window_seconds, group.integer("WindowSeconds", 1, 86'400));
}

void read_sla(core::JsonFields& sla, SlaOptions& out) {
  sla.only({"Enabled", "BusinessHoursOnly", "BusinessHours", "PausedStatuses", "WarningMinutes"});
  set(out.enabled, sla.boolean("Enabled"));
  set(out.business_hours_only, sla.boolean("BusinessHoursOnly"));
  set(out.paused_statuses, sla.strings("PausedStatuses"));
  set(out.warning_minutes, sla.integer("WarningMinutes", 0, 100000));
  if (auto bh = sla.object("BusinessHours")) {
    bh->only({"Start", "End", "Timezone", "Days"});
    set(out.business_hours.start, bh->string("Start"));
    set(out.business_hours.end, bh->string("End"));
    set(out.business_hours.timezone, bh->string("Timezone"));
    if (auto v = bh->object().if_contains("Days")) {
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
        out.business_hours.days = days;
      else
        bh->error("Days", "must be a list of weekday numbers (0-7)");
    }
  }
}

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
  core::FieldErrorCollector errors;
  // In a file a null is a mistake like any other wrong type, except where
  // the option itself may be unset (SecureCookies).
  core::JsonFields o(root.as_object(), errors);
  o.only({"RoutePrefix",
          "TicketReferencePrefix",
          "DefaultPriority",
          "DefaultLocale",
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
          "TrustedProxies",
          "Webhooks",
          "Attachments",
          "Mail",
          "Email",
          "Retention",
          "Guest",
          "Widget"});
  set(options.route_prefix, o.string("RoutePrefix"));
  set(options.ticket_reference_prefix, o.string("TicketReferencePrefix"));
  set(options.default_priority, o.string("DefaultPriority"));
  set(options.default_locale, o.string("DefaultLocale"));
  set(options.allow_customer_close, o.boolean("AllowCustomerClose"));
  set(options.auto_close_resolved_after_days, o.integer("AutoCloseResolvedAfterDays", 0, 3650));
  set(options.enable_real_time, o.boolean("EnableRealTime"));
  set(options.allow_registration, o.boolean("AllowRegistration"));
  set(options.database_url, o.string("DatabaseUrl"));
  set(options.listen, o.string("Listen"));
  if (o.has("SecureCookies")) set(options.secure_cookies, o.boolean("SecureCookies"));
  set(options.max_body_bytes, o.integer("MaxBodyBytes", 1024, 1LL << 30));
  set(options.session_lifetime_hours, o.integer("SessionLifetimeHours", 1, 24 * 365));
  set(options.password_reset_minutes, o.integer("PasswordResetMinutes", 5, 24 * 60));
  set(options.threads, o.integer("Threads", 0, 256));
  set(options.log_requests, o.boolean("LogRequests"));
  set(options.web_root, o.string("WebRoot"));
  set(options.frame_ancestors, o.strings("FrameAncestors"));
  set(options.trusted_proxies, o.strings("TrustedProxies"));
  if (auto wh = o.object("Webhooks")) {
    wh->only({"AllowedHosts"});
    set(options.webhooks.allowed_hosts, wh->strings("AllowedHosts"));
  }
  if (auto at = o.object("Attachments")) {
    at->only({"MaxSizeKb", "MaxPerReply", "Directory"});
    set(options.attachments.max_size_kb, at->integer("MaxSizeKb", 1, 1 << 20));
    set(options.attachments.max_per_reply, at->integer("MaxPerReply", 0, 100));
    set(options.attachments.directory, at->string("Directory"));
  }
  if (auto m = o.object("Mail")) {
    m->only({"SmtpUrl", "Username", "Password", "RequireTls", "VerifyTls", "From", "MaxAttempts",
             "PublicUrl"});
    set(options.mail.smtp_url, m->string("SmtpUrl"));
    set(options.mail.username, m->string("Username"));
    set(options.mail.password, m->string("Password"));
    set(options.mail.require_tls, m->boolean("RequireTls"));
    set(options.mail.verify_tls, m->boolean("VerifyTls"));
    set(options.mail.from, m->string("From"));
    set(options.mail.max_attempts, m->integer("MaxAttempts", 1, 50));
    set(options.mail.public_url, m->string("PublicUrl"));
  }
  if (auto e = o.object("Email")) {
    e->only({"Domain", "InboundSecret", "TrustedAuthservId", "MaxInboundKb"});
    set(options.email.domain, e->string("Domain"));
    set(options.email.inbound_secret, e->string("InboundSecret"));
    set(options.email.trusted_authserv_id, e->string("TrustedAuthservId"));
    set(options.email.max_inbound_kb, e->integer("MaxInboundKb", 1, 1 << 20));
  }
  if (auto rt = o.object("Retention")) {
    rt->only({"EventsDays", "MailDays", "WebhookDeliveriesDays"});
    set(options.retention.events_days, rt->integer("EventsDays", 0, 3650));
    set(options.retention.mail_days, rt->integer("MailDays", 0, 3650));
    set(options.retention.webhook_deliveries_days, rt->integer("WebhookDeliveriesDays", 0, 3650));
  }
  if (auto g = o.object("Guest")) {
    g->only({"Enabled", "Policy", "HostUserEmail", "TokenLifetimeDays", "TicketsPerIp",
             "TicketsPerAddress", "CaptchaVerifyUrl", "CaptchaSecret"});
    set(options.guest.enabled, g->boolean("Enabled"));
    set(options.guest.policy, g->string("Policy"));
    set(options.guest.host_user_email, g->string("HostUserEmail"));
    set(options.guest.token_lifetime_days, g->integer("TokenLifetimeDays", 1, 3650));
    if (auto group = g->object("TicketsPerIp"))
      read_rate_limit(*group, options.guest.tickets_per_ip);
    if (auto group = g->object("TicketsPerAddress"))
      read_rate_limit(*group, options.guest.tickets_per_address);
    set(options.guest.captcha_verify_url, g->string("CaptchaVerifyUrl"));
    set(options.guest.captcha_secret, g->string("CaptchaSecret"));
  }
  if (auto w = o.object("Widget")) {
    w->only({"AllowedOrigins"});
    set(options.widget.allowed_origins, w->strings("AllowedOrigins"));
  }
  if (auto rl = o.object("RateLimits")) {
    rl->only({"Enabled", "Auth", "Api", "Admin", "LoginMaxFailures", "LoginWindowMinutes"});
    set(options.rate_limits.enabled, rl->boolean("Enabled"));
    if (auto group = rl->object("Auth")) read_rate_limit(*group, options.rate_limits.auth);
    if (auto group = rl->object("Api")) read_rate_limit(*group, options.rate_limits.api);
    if (auto group = rl->object("Admin")) read_rate_limit(*group, options.rate_limits.admin);
    set(options.rate_limits.login_max_failures, rl->integer("LoginMaxFailures", 1, 1000));
    set(options.rate_limits.login_window_minutes, rl->integer("LoginWindowMinutes", 1, 24 * 60));
  }
  if (auto sla = o.object("Sla")) read_sla(*sla, options.sla);
  // The same words as a request's field errors: "Sla.WarningMinutes must be ...".
  for (const auto& [field, messages] : errors.errors())
    for (const auto& message : messages) problems.push_back(field + " " + message);
}

bool parse_bool_env(const std::string& value) {
  return value == "1" || value == "true" || value == "yes" || value == "on";
}

// Checks values whose meaning the types alone do not carry.
void check(const Options& o, std::vector<std::string>& problems) {
  if (!core::parse_priority(o.default_priority)) {
    problems.push_back("DefaultPriority must be one of low, medium, high, urgent, critical");
  }
  if (!core::supported_locale(o.default_locale)) {
    problems.push_back("DefaultLocale must be one of " + core::locale_list());
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
  if (o.guest.policy != "unassigned" && o.guest.policy != "guest_user" &&
      o.guest.policy != "prompt_signup")
    problems.push_back("Guest.Policy must be one of unassigned, guest_user, prompt_signup");
  if (o.guest.policy == "guest_user" && o.guest.host_user_email.empty())
    problems.push_back("Guest.HostUserEmail must name the account guest tickets are filed under");
  if (!o.guest.captcha_verify_url.empty() && o.guest.captcha_verify_url.rfind("https://", 0) != 0 &&
      o.guest.captcha_verify_url.rfind("http://", 0) != 0)
    problems.push_back("Guest.CaptchaVerifyUrl must start with https:// or http://");
  for (const auto& origin : o.widget.allowed_origins) {
    // Compared with the Origin header as sent: scheme://host[:port], no path.
    auto scheme = origin.find("://");
    bool plain = scheme != std::string::npos && scheme > 0 &&
                 origin.find_first_of(" ;,'\"\r\n/", scheme + 3) == std::string::npos &&
                 origin.size() > scheme + 3;
    if (!plain)
      problems.push_back(
          "Widget.AllowedOrigins entries must be origins such as https://example.com");
  }
  for (const auto& proxy : o.trusted_proxies) {
    if (!core::parse_ip_network(proxy))
      problems.push_back("TrustedProxies entries must be addresses or CIDRs such as 10.0.0.0/8 (" +
                         proxy + " is not)");
  }
}

}  // namespace

Options load_options(const std::optional<std::string>& config_path,
                     const std::map<std::string, std::string>& env) {
  Options options;
  // Live updates are on for a configured server unless the file or the
  // environment turns them off (a host building Options in C++ opts in).
  options.enable_real_time = true;
  std::vector<std::string> problems;
  if (config_path) read_file(*config_path, options, problems);
  auto get = [&](const char* name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto v = get("ESCALATED_DATABASE_URL")) options.database_url = *v;
  if (auto v = get("ESCALATED_LISTEN")) options.listen = *v;
  if (auto v = get("ESCALATED_ROUTE_PREFIX")) options.route_prefix = *v;
  if (auto v = get("ESCALATED_DEFAULT_LOCALE")) options.default_locale = *v;
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
  if (auto v = get("ESCALATED_TRUSTED_AUTHSERV_ID")) options.email.trusted_authserv_id = *v;
  if (auto v = get("ESCALATED_PUBLIC_URL")) options.mail.public_url = *v;
  if (auto v = get("ESCALATED_RATE_LIMITS")) options.rate_limits.enabled = parse_bool_env(*v);
  if (auto v = get("ESCALATED_REAL_TIME")) options.enable_real_time = parse_bool_env(*v);
  if (auto v = get("ESCALATED_TRUSTED_PROXIES")) options.trusted_proxies = core::split_list(*v);
  if (auto v = get("ESCALATED_GUEST_ENABLED")) options.guest.enabled = parse_bool_env(*v);
  if (auto v = get("ESCALATED_GUEST_POLICY")) options.guest.policy = *v;
  if (auto v = get("ESCALATED_GUEST_CAPTCHA_VERIFY_URL")) options.guest.captcha_verify_url = *v;
  if (auto v = get("ESCALATED_GUEST_CAPTCHA_SECRET")) options.guest.captcha_secret = *v;
  if (auto v = get("ESCALATED_WIDGET_ALLOWED_ORIGINS"))
    options.widget.allowed_origins = core::split_list(*v);
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
