// Services take typed inputs, and C++ hosts call them directly: whatever the
// HTTP layer would have refused by type aside, each service still refuses
// the values that break its rules, naming the field the API would name, and
// writes nothing.
#include <gtest/gtest.h>

#include <set>

#include "services/access/account_service.h"
#include "services/access/role_service.h"
#include "services/access/two_factor_service.h"
#include "services/access/user_admin_service.h"
#include "services/catalog/settings_service.h"
#include "services/mail/mail_service.h"
#include "services/webhooks/webhook_service.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/test_database.h"

namespace escalated::services {
namespace {

using escalated::testing::TestDatabase;
using Fields = std::set<std::string>;

class TypedInputsTest : public ::testing::Test {
 protected:
  void SetUp() override { store::migrate(*db); }

  // The fields a ValidationError from `call` names; fails when none is thrown.
  template <typename Call>
  Fields refused(Call call) {
    try {
      call();
    } catch (const core::ValidationError& e) {
      Fields out;
      for (const auto& [field, messages] : e.errors()) out.insert(field);
      return out;
    }
    ADD_FAILURE() << "no ValidationError";
    return {};
  }

  TestDatabase database;
  std::unique_ptr<store::Database> db = store::Database::open(database.url());
  Options options;
  core::ManualClock clock;
  ServiceContext ctx{*db, options, clock, [] {}, {}};
  core::Actor root{1, core::Role::kAdmin, "Root", "root@example.com", core::PermissionSet::all()};
};

TEST_F(TypedInputsTest, RolesNameOnlyPermissions) {
  RoleService roles(ctx);
  const std::size_t before = roles.list(root).size();
  RoleFields f;
  f.name = "Keepers";
  f.slug = "keepers";
  EXPECT_EQ(refused([&] { roles.create(root, f); }), Fields{"permissions"});
  f.permissions = std::vector<std::string>{"tag.manage", "tag.destroy"};
  EXPECT_EQ(refused([&] { roles.create(root, f); }), Fields{"permissions[1]"});
  EXPECT_EQ(refused([&] { roles.update(root, 1, f); }), Fields{"permissions[1]"});
  EXPECT_EQ(roles.list(root).size(), before);
}

TEST_F(TypedInputsTest, UserChangesNameRolesAndDepartments) {
  TwoFactorService two_factor(ctx);
  AccountService accounts(ctx, two_factor);
  UserAdminService users(ctx, accounts);
  ManagedUserPatch patch;
  patch.roles = std::vector<std::string>{"agent", ""};
  patch.department_ids = std::vector<std::int64_t>{3, 0};
  EXPECT_EQ(refused([&] { users.update(root, 1, patch); }),
            (Fields{"roles[1]", "department_ids[1]"}));
  patch.roles = std::vector<std::string>{};
  patch.department_ids = std::vector<std::int64_t>(kMaxDepartmentsPerUser + 1, 1);
  EXPECT_EQ(refused([&] { users.update(root, 1, patch); }), (Fields{"roles", "department_ids"}));
  NewManagedUser input{"Ada", "ada@example.com", "a long enough password", std::nullopt};
  EXPECT_EQ(refused([&] { users.create(root, input); }), Fields{"roles"});
  input.roles = std::vector<std::string>{"nobody"};
  EXPECT_EQ(refused([&] { users.create(root, input); }), Fields{"roles[0]"});
}

TEST_F(TypedInputsTest, WebhooksNeedAUrlAndKnownEvents) {
  WebhookService webhooks(ctx);
  WebhookFields f;
  EXPECT_EQ(refused([&] { webhooks.create(root, f); }), (Fields{"url", "events"}));
  f.url = "ftp://example.com/in";
  f.events = std::vector<std::string>{"ticket.created", "ticket.exploded"};
  f.secret = "short";
  f.description = std::string(501, 'x');
  EXPECT_EQ(refused([&] { webhooks.create(root, f); }),
            (Fields{"url", "events[1]", "secret", "description"}));
  f = WebhookFields{};
  f.url = "https://hooks.example.com/in";
  f.events = std::vector<std::string>{};
  EXPECT_EQ(refused([&] { webhooks.create(root, f); }), Fields{"events"});
  EXPECT_TRUE(webhooks.list(root).empty());
}

TEST_F(TypedInputsTest, WorkflowsNameKnownStatuses) {
  SettingsService settings(ctx);
  const boost::json::object before = settings.get(root);
  SettingsChanges changes;
  changes.status_transitions = TransitionNames{{"open", {"resolved", "open"}}, {"nowhere", {}}};
  EXPECT_EQ(refused([&] { settings.update(root, changes); }), Fields{"status_transitions"});
  EXPECT_EQ(settings.get(root), before);
  changes.status_transitions = TransitionNames{{"open", {"resolved"}}};
  EXPECT_EQ(settings.update(root, changes).at("status_transitions").at("open"),
            boost::json::array{"resolved"});
}

TEST_F(TypedInputsTest, TemplatesNeedEveryPartAndKnownPlaceholders) {
  MailService mail(ctx, [] {});
  MailTemplateParts parts;
  parts.subject = "Hello";
  EXPECT_EQ(refused([&] { mail.put_template(root, "ticket_received", "en", parts); }),
            (Fields{"body_text", "body_html"}));
  MailTemplateParts draft;
  draft.body_text = "{{user.password}}";
  EXPECT_EQ(refused([&] { mail.preview(root, "ticket_received", "en", draft); }),
            Fields{"body_text"});
  EXPECT_FALSE(mail.template_view(root, "ticket_received", "en").override_);
}

}  // namespace
}  // namespace escalated::services
