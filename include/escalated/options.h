// Configuration of a helpdesk. Field names follow the keys of the reference
// product's "Escalated" settings section; load_options() reads them from a
// JSON file (keys in PascalCase at the top level) and the environment.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace escalated {

struct BusinessHoursOptions {
  std::string start = "09:00";
  std::string end = "17:00";
  std::string timezone = "UTC";
  std::vector<int> days = {1, 2, 3, 4, 5};  // ISO weekdays, 1 = Monday
};

struct SlaOptions {
  bool enabled = true;
  bool business_hours_only = false;
  BusinessHoursOptions business_hours;
  std::vector<std::string> paused_statuses = {"waiting_on_customer"};
  int warning_minutes = 30;
};

// One route group's request budget: at most `limit` requests per
// `window_seconds`, counted per API token, else per signed-in user, else per
// client IP.
struct RateLimit {
  int limit = 0;
  int window_seconds = 60;
};

struct RateLimitOptions {
  bool enabled = true;            // RateLimits.Enabled / ESCALATED_RATE_LIMITS
  RateLimit auth{60, 60};         // RateLimits.Auth: /auth/*
  RateLimit api{1200, 60};        // RateLimits.Api: every other route
  RateLimit admin{600, 60};       // RateLimits.Admin: /admin/*
  int login_max_failures = 10;    // RateLimits.LoginMaxFailures (per account, per IP)
  int login_window_minutes = 15;  // RateLimits.LoginWindowMinutes
};

struct WebhookOptions {
  // Webhooks.AllowedHosts / ESCALATED_WEBHOOK_ALLOWED_HOSTS (comma-separated):
  // hosts a webhook may reach even though they resolve to loopback or
  // private addresses (on-premise receivers, tests).
  std::vector<std::string> allowed_hosts;
};

// Files uploaded with replies and new tickets.
struct AttachmentOptions {
  int max_size_kb = 10240;  // Attachments.MaxSizeKb: per file (413 above it)
  int max_per_reply = 5;    // Attachments.MaxPerReply: per reply or new ticket (422 above it)
  // Attachments.Directory / ESCALATED_ATTACHMENTS_DIR: where the blobs live,
  // content-addressed. Empty: "attachments" next to the SQLite file (or in
  // the working directory for PostgreSQL).
  std::string directory;

  // The largest multipart/form-data body that can hold MaxPerReply files of
  // MaxSizeKb each, plus 1 MiB for the form fields and part headers.
  std::size_t max_multipart_bytes() const {
    return static_cast<std::size_t>(max_per_reply) * static_cast<std::size_t>(max_size_kb) * 1024 +
           (1 << 20);
  }
};

// Outgoing mail (notifications), sent over SMTP from a durable queue.
struct MailOptions {
  // Mail.SmtpUrl / ESCALATED_SMTP_URL: "smtp://host:port" or "smtps://host:port";
  // empty means no mail is sent (notifications are still queued as "skipped").
  std::string smtp_url;
  std::string username;      // Mail.Username / ESCALATED_SMTP_USERNAME
  std::string password;      // Mail.Password / ESCALATED_SMTP_PASSWORD
  bool require_tls = false;  // Mail.RequireTls: STARTTLS must succeed on smtp://
  bool verify_tls = true;    // Mail.VerifyTls: check the server's certificate
  std::string from = "Support <support@localhost>";  // Mail.From / ESCALATED_MAIL_FROM
  int max_attempts = 8;  // Mail.MaxAttempts before a message is marked failed
  // Mail.PublicUrl / ESCALATED_PUBLIC_URL: where people reach the helpdesk
  // ("https://help.example.com"), for the ticket links in notifications.
  // Empty: "http://" + Listen.
  std::string public_url;
};

// Addresses and inbound mail.
struct EmailOptions {
  // Email.Domain / ESCALATED_EMAIL_DOMAIN: the right-hand side of our
  // Message-IDs (<ticket-42@domain>) and of signed reply addresses.
  std::string domain = "localhost";
  // Email.InboundSecret / ESCALATED_INBOUND_SECRET: POST /inbound/email needs
  // it in X-Escalated-Inbound-Secret; also the key of the signed Reply-To
  // address. Empty: inbound mail is refused and Reply-To is not signed.
  std::string inbound_secret;
  // Email.TrustedAuthservId / ESCALATED_TRUSTED_AUTHSERV_ID: the authserv-id
  // of our own receiving mail server. A staff member's mail is posted as
  // their reply only with a "dmarc=pass" in an Authentication-Results header
  // of this id (or the signed reply address). Empty: no header is trusted.
  std::string trusted_authserv_id;
  int max_inbound_kb = 25600;  // Email.MaxInboundKb: larger messages get 413
};

// How long finished work is kept before housekeeping deletes it (0 keeps it
// for ever). Pending work is never deleted.
struct RetentionOptions {
  int events_days = 7;               // Retention.EventsDays: dispatched outbox events
  int mail_days = 30;                // Retention.MailDays: sent, skipped or failed mail
  int webhook_deliveries_days = 30;  // Retention.WebhookDeliveriesDays: finished deliveries
};

// Tickets without an account (the widget and magic links).
struct GuestOptions {
  // Guest.Enabled / ESCALATED_GUEST_ENABLED: off, every /widget/tickets
  // route answers 404.
  bool enabled = false;
  // Guest.Policy / ESCALATED_GUEST_POLICY: "unassigned" (the ticket carries
  // the guest's name and address, no account), "guest_user" (filed under
  // the account HostUserEmail names), "prompt_signup" (as unassigned, and
  // the link page offers an account).
  std::string policy = "unassigned";
  std::string host_user_email;   // Guest.HostUserEmail: the account for "guest_user"
  int token_lifetime_days = 90;  // Guest.TokenLifetimeDays: renewed by every use
  // Guest.TicketsPerIp / Guest.TicketsPerAddress: new guest tickets (and
  // "find my ticket" mails) per client IP and per e-mail address.
  RateLimit tickets_per_ip{10, 3600};
  RateLimit tickets_per_address{5, 3600};
  // Guest.CaptchaVerifyUrl / ESCALATED_GUEST_CAPTCHA_VERIFY_URL: when set,
  // a new guest ticket needs `captcha_token`, which the server checks by
  // POSTing secret, response and remoteip (form-encoded) to this URL and
  // reading {"success": true} (the siteverify protocol of reCAPTCHA,
  // hCaptcha and Turnstile). Empty: no captcha.
  std::string captcha_verify_url;
  // Guest.CaptchaSecret / ESCALATED_GUEST_CAPTCHA_SECRET
  std::string captcha_secret;
};

// The embeddable widget's API under /widget/*.
struct WidgetOptions {
  // Widget.AllowedOrigins / ESCALATED_WIDGET_ALLOWED_ORIGINS (comma-separated):
  // the host pages ("https://www.example.com") whose scripts may call
  // /widget/* across sites (CORS, never with cookies). Empty: none.
  std::vector<std::string> allowed_origins;
};

struct Options {
  std::string route_prefix = "support";         // RoutePrefix: mounted at /support
  std::string ticket_reference_prefix = "ESC";  // TicketReferencePrefix: ESC-00042
  std::string default_priority = "medium";      // DefaultPriority
  bool allow_customer_close = true;             // AllowCustomerClose
  int auto_close_resolved_after_days = 7;       // AutoCloseResolvedAfterDays
  SlaOptions sla;                               // Sla
  bool enable_real_time = false;                // EnableRealTime
  bool allow_registration = true;               // AllowRegistration: customers sign up
  // DefaultLocale / ESCALATED_DEFAULT_LOCALE: the language of people who chose
  // none and whose browser asks for none we speak (one of core::kLocales).
  std::string default_locale = "en";

  std::string database_url = "sqlite:escalated.db";  // DatabaseUrl / ESCALATED_DATABASE_URL
  std::string listen = "127.0.0.1:8080";             // Listen / ESCALATED_LISTEN
  // SecureCookies: unset means "Secure only when the request came over TLS".
  std::optional<bool> secure_cookies;
  // MaxBodyBytes: any body but multipart/form-data (JSON and the rest);
  // multipart bodies have their own limit, Attachments.max_multipart_bytes().
  std::size_t max_body_bytes = 1 << 20;
  int session_lifetime_hours = 24 * 14;  // SessionLifetimeHours
  int password_reset_minutes = 60;       // PasswordResetMinutes: how long a reset link works
  int threads = 0;                       // Threads: server threads, 0 = eight per core (min 32)
  // ESCALATED_TEST_CLOCK=1: exposes the time-travel routes for black-box tests.
  bool test_clock = false;
  // LogRequests: one structured line per request on stderr.
  bool log_requests = true;
  // WebRoot / ESCALATED_WEB_ROOT: a built web UI (index.html, assets/) read once
  // at start, for UI development. Empty means the UI compiled into the library.
  std::string web_root;
  RateLimitOptions rate_limits;   // RateLimits
  WebhookOptions webhooks;        // Webhooks
  AttachmentOptions attachments;  // Attachments
  MailOptions mail;               // Mail
  EmailOptions email;             // Email
  RetentionOptions retention;     // Retention
  GuestOptions guest;             // Guest
  WidgetOptions widget;           // Widget
  // FrameAncestors: origins allowed to frame the helpdesk (the embeddable
  // widget); empty means none may (CSP frame-ancestors 'none').
  std::vector<std::string> frame_ancestors;
  // TrustedProxies / ESCALATED_TRUSTED_PROXIES: the reverse proxies (CIDRs
  // or addresses) whose X-Forwarded-For / Forwarded name the client; empty
  // means the connection's peer is the client.
  std::vector<std::string> trusted_proxies;
};

// A configuration file or environment value that cannot be used. The message
// names every offending key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the JSON file (when a path is given) over the defaults, then applies
// the environment (ESCALATED_DATABASE_URL, ESCALATED_LISTEN,
// ESCALATED_TEST_CLOCK, ESCALATED_ROUTE_PREFIX, ESCALATED_ALLOW_REGISTRATION,
// ESCALATED_LOG_REQUESTS, ESCALATED_WEB_ROOT, ESCALATED_TRUSTED_PROXIES, ...).
// Unknown keys and wrong types throw ConfigError.
Options load_options(const std::optional<std::string>& config_path,
                     const std::map<std::string, std::string>& environment);

// The process environment as a map, for load_options().
std::map<std::string, std::string> process_environment();

}  // namespace escalated
