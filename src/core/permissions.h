// What a user may do: permission slugs, grouped by area, and the system
// roles seeded from them. A user holds one or more roles; what they may do is
// the union of those roles' permissions. Every route names the one
// permission it needs (api/), and every service checks it again, so the C++
// API an embedding host calls is guarded as tightly as HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"

namespace escalated::core {

enum class Permission : std::uint8_t {
  kTicketView,     // see the agent workspace and the tickets one may see
  kTicketViewAll,  // ... every ticket, not only one's departments' and assigned ones
  kTicketCreate,
  kTicketEdit,  // status, priority, department, tags, snooze
  kTicketDelete,
  kTicketAssign,
  kTicketMerge,
  kTicketClose,  // move to resolved or closed
  kTicketExport,
  kReplyCreate,
  kReplyCreateInternal,
  kReplyEdit,
  kReplyDelete,
  kKbView,
  kKbCreate,
  kKbEdit,
  kKbDelete,
  kKbPublish,
  kDepartmentManage,
  kReportView,
  kSlaManage,
  kAutomationManage,
  kEscalationManage,
  kMacroView,
  kMacroManage,
  kTagManage,
  kCustomFieldManage,
  kRoleManage,
  kUserView,
  kUserManage,
  kSettingsManage,
  kWebhookManage,
  kApiTokenManage,
  kAuditView,
  kImportManage,
};
inline constexpr int kPermissionCount = static_cast<int>(Permission::kImportManage) + 1;

std::string_view to_string(Permission p);
std::optional<Permission> parse_permission(std::string_view slug);
// Every permission, in declaration order (grouped by area).
const std::vector<Permission>& all_permissions();

// A set of permissions: one bit each.
class PermissionSet {
 public:
  PermissionSet() = default;
  PermissionSet(std::initializer_list<Permission> ps) {
    for (auto p : ps) add(p);
  }
  static PermissionSet all();

  bool has(Permission p) const { return (bits_ >> static_cast<int>(p)) & 1U; }
  void add(Permission p) { bits_ |= std::uint64_t{1} << static_cast<int>(p); }
  bool empty() const { return bits_ == 0; }
  PermissionSet operator|(PermissionSet o) const { return from_bits(bits_ | o.bits_); }
  PermissionSet operator&(PermissionSet o) const { return from_bits(bits_ & o.bits_); }
  bool operator==(const PermissionSet& o) const { return bits_ == o.bits_; }
  bool contains(PermissionSet o) const { return (bits_ & o.bits_) == o.bits_; }

  std::vector<std::string> slugs() const;
  // "ticket.view ticket.edit": the stored form.
  std::string serialize() const;
  // Reads the stored form; unknown slugs (from a newer version) are skipped.
  static PermissionSet parse(std::string_view stored);

 private:
  static PermissionSet from_bits(std::uint64_t bits) {
    PermissionSet s;
    s.bits_ = bits;
    return s;
  }
  std::uint64_t bits_ = 0;
};

// The roles every helpdesk has. Their permissions are fixed by this code
// (a newer version may grant more); admins make their own roles beside them.
struct SystemRole {
  std::string_view slug;
  std::string_view name;
  std::string_view description;
  PermissionSet permissions;
};
const std::vector<SystemRole>& system_roles();
const SystemRole* find_system_role(std::string_view slug);

// The coarse kind of a user, derived from what they may do: staff work the
// agent workspace (ticket.view); admins may also grant roles (role.manage).
// Shown next to reply authors and used to list assignable agents.
Role kind_of(PermissionSet permissions);

// A role slug: 1-64 of a-z, 0-9, '_' and '-', starting with a letter.
bool valid_role_slug(std::string_view slug);

}  // namespace escalated::core
