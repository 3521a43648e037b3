// Configuration: the reference's keys, environment overrides, and loud
// failures for anything unknown or mistyped.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "escalated/options.h"

namespace escalated {
namespace {

class OptionsFile {
 public:
  explicit OptionsFile(const std::string& text) {
    path_ =
        (std::filesystem::temp_directory_path() /
         ("escalated_options_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".json"))
            .string();
    std::ofstream(path_) << text;
  }
  ~OptionsFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string error_of(const std::string& json, const std::map<std::string, std::string>& env = {}) {
  OptionsFile file(json);
  try {
    load_options(file.path(), env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Options, DefaultsMatchTheReference) {
  Options o = load_options(std::nullopt, {});
  EXPECT_EQ(o.route_prefix, "support");
  EXPECT_EQ(o.ticket_reference_prefix, "ESC");
  EXPECT_EQ(o.default_priority, "medium");
  EXPECT_TRUE(o.allow_customer_close);
  EXPECT_EQ(o.auto_close_resolved_after_days, 7);
  EXPECT_TRUE(o.sla.enabled);
  EXPECT_EQ(o.sla.business_hours.days, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(o.enable_real_time);
  EXPECT_EQ(o.database_url, "sqlite:escalated.db");
  EXPECT_EQ(o.listen, "127.0.0.1:8080");
  EXPECT_FALSE(o.test_clock);
}

TEST(Options, ReadsTheFileAndTheEnvironmentWins) {
  OptionsFile file(
      R"({"RoutePrefix": "/help/", "TicketReferencePrefix": "HD", "DefaultPriority": "high",
    "AllowCustomerClose": false, "AutoCloseResolvedAfterDays": 3, "EnableRealTime": false,
    "Sla": {"Enabled": false, "BusinessHours": {"Start": "08:00", "Timezone": "Europe/Berlin", "Days": [1, 2]}},
    "DatabaseUrl": "sqlite:file.db", "Listen": "0.0.0.0:9000"})");
  Options o = load_options(file.path(), {{"ESCALATED_DATABASE_URL", "postgresql://x@127.0.0.1/db"},
                                         {"ESCALATED_TEST_CLOCK", "1"}});
  EXPECT_EQ(o.route_prefix, "help");
  EXPECT_EQ(o.ticket_reference_prefix, "HD");
  EXPECT_EQ(o.default_priority, "high");
  EXPECT_FALSE(o.allow_customer_close);
  EXPECT_EQ(o.auto_close_resolved_after_days, 3);
  EXPECT_FALSE(o.enable_real_time);
  EXPECT_FALSE(o.sla.enabled);
  EXPECT_EQ(o.sla.business_hours.start, "08:00");
  EXPECT_EQ(o.sla.business_hours.end, "17:00");
  EXPECT_EQ(o.sla.business_hours.timezone, "Europe/Berlin");
  EXPECT_EQ(o.sla.business_hours.days, (std::vector<int>{1, 2}));
  EXPECT_EQ(o.database_url, "postgresql://x@127.0.0.1/db");
  EXPECT_EQ(o.listen, "0.0.0.0:9000");
  EXPECT_TRUE(o.test_clock);
}

TEST(Options, UnknownKeysAndWrongTypesAreNamed) {
  std::string e =
      error_of(R"({"RoutPrefix": "x", "AllowCustomerClose": "yes", "Sla": {"Enabeld": true,
    "BusinessHours": {"Days": ["mon"]}}, "AutoCloseResolvedAfterDays": -1})");
  EXPECT_NE(e.find("RoutPrefix is unknown"), std::string::npos) << e;
  EXPECT_NE(e.find("AllowCustomerClose must be true or false"), std::string::npos) << e;
  EXPECT_NE(e.find("Sla.Enabeld is unknown"), std::string::npos) << e;
  EXPECT_NE(e.find("Sla.BusinessHours.Days"), std::string::npos) << e;
  EXPECT_NE(e.find("AutoCloseResolvedAfterDays"), std::string::npos) << e;
}

TEST(Options, WebRootFromTheFileOrTheEnvironment) {
  EXPECT_EQ(load_options(std::nullopt, {}).web_root, "");  // the embedded UI
  OptionsFile file(R"({"WebRoot": "/srv/escalated-ui"})");
  EXPECT_EQ(load_options(file.path(), {}).web_root, "/srv/escalated-ui");
  EXPECT_EQ(load_options(file.path(), {{"ESCALATED_WEB_ROOT", "/opt/ui"}}).web_root, "/opt/ui");
  EXPECT_NE(error_of(R"({"WebRoot": 3})").find("WebRoot must be a string"), std::string::npos);
}

TEST(Options, MeaningfulValuesAreChecked) {
  EXPECT_NE(error_of(R"({"DefaultPriority": "asap"})").find("DefaultPriority"), std::string::npos);
  EXPECT_NE(error_of(R"({"TicketReferencePrefix": "E-S"})").find("TicketReferencePrefix"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"Sla": {"PausedStatuses": ["napping"]}})").find("napping"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"Listen": "8080"})").find("Listen"), std::string::npos);
  EXPECT_NE(error_of("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("JSON object"), std::string::npos);
  EXPECT_THROW(load_options(std::string("/nonexistent/escalated.json"), {}), ConfigError);
}

}  // namespace
}  // namespace escalated

namespace escalated {
namespace {

TEST(Options, AttachmentKeys) {
  Options defaults = load_options(std::nullopt, {});
  EXPECT_EQ(defaults.attachments.max_size_kb, 10240);
  EXPECT_EQ(defaults.attachments.max_per_reply, 5);
  EXPECT_EQ(defaults.attachments.directory, "");
  EXPECT_GE(defaults.attachments.max_multipart_bytes(), 5u * 10240 * 1024);

  OptionsFile file(R"({"Attachments": {"MaxSizeKb": 20, "MaxPerReply": 2, "Directory": "/x"}})");
  Options o = load_options(file.path(), {{"ESCALATED_ATTACHMENTS_DIR", "/y"}});
  EXPECT_EQ(o.attachments.max_size_kb, 20);
  EXPECT_EQ(o.attachments.max_per_reply, 2);
  EXPECT_EQ(o.attachments.directory, "/y");
  EXPECT_NE(error_of(R"({"Attachments": {"MaxSizeKB": 1}})").find("Attachments.MaxSizeKB"),
            std::string::npos);
}

}  // namespace
}  // namespace escalated

namespace escalated {
namespace {

TEST(Options, RetentionAndMailSettings) {
  OptionsFile file(R"({"Retention": {"EventsDays": 2, "MailDays": 0},
                       "Mail": {"SmtpUrl": "smtp://127.0.0.1:2525", "MaxAttempts": 3},
                       "Email": {"Domain": "help.example.com"}})");
  Options o = load_options(file.path(), {{"ESCALATED_INBOUND_SECRET", "s3cret"}});
  EXPECT_EQ(o.retention.events_days, 2);
  EXPECT_EQ(o.retention.mail_days, 0);
  EXPECT_EQ(o.retention.webhook_deliveries_days, 30);
  EXPECT_EQ(o.mail.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(o.mail.max_attempts, 3);
  EXPECT_EQ(o.email.domain, "help.example.com");
  EXPECT_EQ(o.email.inbound_secret, "s3cret");
  std::string e = error_of(R"({"Retention": {"EventsDays": -1, "Forever": true},
                               "Mail": {"SmtpUrl": "http://x"}, "Email": {"Domain": "a b"}})");
  EXPECT_NE(e.find("Retention.EventsDays"), std::string::npos) << e;
  EXPECT_NE(e.find("Retention.Forever is unknown"), std::string::npos) << e;
  EXPECT_NE(e.find("Mail.SmtpUrl"), std::string::npos) << e;
  EXPECT_NE(e.find("Email.Domain"), std::string::npos) << e;
}

}  // namespace
}  // namespace escalated

namespace escalated {
namespace {

// Issue 13, item 8: the authserv-id whose DMARC results inbound mail trusts.
TEST(Options, TrustedAuthservIdFromTheFileOrTheEnvironment) {
  OptionsFile file(R"({"Email": {"TrustedAuthservId": "mx.example.com"}})");
  EXPECT_EQ(load_options(file.path(), {}).email.trusted_authserv_id, "mx.example.com");
  Options o = load_options(file.path(), {{"ESCALATED_TRUSTED_AUTHSERV_ID", "mx2.example.com"}});
  EXPECT_EQ(o.email.trusted_authserv_id, "mx2.example.com");
  EXPECT_EQ(Options{}.email.trusted_authserv_id, "");
}

}  // namespace
}  // namespace escalated
