#include "core/permissions.h"

#include <array>

namespace escalated::core {
namespace {

constexpr std::array<std::string_view, kPermissionCount> kSlugs = {
    "ticket.view",
    "ticket.view_all",
    "ticket.create",
    "ticket.edit",
    "ticket.delete",
    "ticket.assign",
    "ticket.merge",
    "ticket.close",
    "ticket.export",
    "reply.create",
    "reply.create_internal",
    "reply.edit",
    "reply.delete",
    "kb.view",
    "kb.create",
    "kb.edit",
    "kb.delete",
    "kb.publish",
    "department.manage",
    "report.view",
    "sla.manage",
    "automation.manage",
    "escalation.manage",
    "macro.view",
    "macro.manage",
    "tag.manage",
    "custom_field.manage",
    "role.manage",
    "user.view",
    "user.manage",
    "settings.manage",
    "webhook.manage",
    "api_token.manage",
    "audit.view",
    "import.manage",
};

using P = Permission;

}  // namespace

std::string_view to_string(Permission p) {
  return kSlugs[static_cast<std::size_t>(p)];
}

std::optional<Permission> parse_permission(std::string_view slug) {
  for (std::size_t i = 0; i < kSlugs.size(); ++i) {
    if (kSlugs[i] == slug) return static_cast<Permission>(i);
  }
  return std::nullopt;
}

const std::vector<Permission>& all_permissions() {
  static const std::vector<Permission> all = [] {
    std::vector<Permission> out;
    for (int i = 0; i < kPermissionCount; ++i) out.push_back(static_cast<Permission>(i));
    return out;
  }();
  return all;
}

PermissionSet PermissionSet::all() {
  PermissionSet s;
  for (auto p : all_permissions()) s.add(p);
  return s;
}

std::vector<std::string> PermissionSet::slugs() const {
  std::vector<std::string> out;
  for (auto p : all_permissions()) {
    if (has(p)) out.emplace_back(to_string(p));
  }
  return out;
}

std::string PermissionSet::serialize() const {
  std::string out;
  for (const auto& slug : slugs()) {
    if (!out.empty()) out += ' ';
    out += slug;
  }
  return out;
}

PermissionSet PermissionSet::parse(std::string_view stored) {
  PermissionSet s;
  while (!stored.empty()) {
    auto space = stored.find(' ');
    std::string_view slug = stored.substr(0, space);
    if (auto p = parse_permission(slug)) s.add(*p);
    if (space == std::string_view::npos) break;
    stored.remove_prefix(space + 1);
  }
  return s;
}

const std::vector<SystemRole>& system_roles() {
  static const std::vector<SystemRole> roles = {
      {"admin", "Administrator", "Everything, including roles, users and settings.",
       PermissionSet::all()},
      {"agent",
       "Agent",
       "Works every ticket; views the knowledge base, macros and tags.",
       {P::kTicketView, P::kTicketViewAll, P::kTicketCreate, P::kTicketEdit, P::kTicketDelete,
        P::kTicketAssign, P::kTicketMerge, P::kTicketClose, P::kTicketExport, P::kReplyCreate,
        P::kReplyCreateInternal, P::kReplyEdit, P::kReplyDelete, P::kKbView, P::kMacroView}},
      {"light_agent",
       "Light agent",
       "Sees every ticket and answers publicly or internally; changes no status, priority or "
       "assignment.",
       {P::kTicketView, P::kTicketViewAll, P::kReplyCreate, P::kReplyCreateInternal}},
      {"customer",
       "Customer",
       "Opens tickets and follows their own; reads the knowledge base.",
       {P::kKbView}},
  };
  return roles;
}

const SystemRole* find_system_role(std::string_view slug) {
  for (const auto& r : system_roles()) {
    if (r.slug == slug) return &r;
  }
  return nullptr;
}

Role kind_of(PermissionSet permissions) {
  if (!permissions.has(Permission::kTicketView)) return Role::kCustomer;
  return permissions.has(Permission::kRoleManage) ? Role::kAdmin : Role::kAgent;
}

bool valid_role_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64 || slug[0] < 'a' || slug[0] > 'z') return false;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace escalated::core
