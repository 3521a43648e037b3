// The sections of the admin panel and the permission each needs. The nav
// shows, and the route guard lets through, only the sections the signed-in
// user may work in; a user holding none of them has no admin panel.
import { can, isStaff } from './session'
import { t } from './i18n'

export type Section =
  | 'users' | 'roles' | 'departments' | 'tags' | 'settings' | 'business-hours' | 'sla-policies'
  | 'escalation-rules' | 'automations' | 'api-tokens' | 'webhooks' | 'email' | 'audit'
  | 'satisfaction' | 'macros' | 'kb'

// `label` and `group` are read in the UI's language (admin.sections.*,
// admin.groups.*).
// `allowed`, when given, decides instead of `permission` alone.
export interface SectionInfo {
  key: Section; readonly label: string; readonly group: string; permission: string; allowed?: () => boolean
}

// A section of another feature's namespace names its own keys (`label`, and
// `group` with a dot in it).
function section(key: Section, group: string, permission: string, label?: string): SectionInfo {
  return {
    key, permission,
    get label() { return t(label ?? `admin.sections.${key}`) },
    get group() { return t(group.includes('.') ? group : `admin.groups.${group}`) },
  }
}

// In the order of the nav.
export const SECTIONS: SectionInfo[] = [
  section('users', 'people', 'user.view'),
  section('roles', 'people', 'user.view'),
  section('departments', 'people', 'department.manage'),
  section('tags', 'tickets', 'tag.manage'),
  section('settings', 'tickets', 'settings.manage'),
  section('macros', 'tickets', 'macro.manage', 'tools.macro.section'),
  section('business-hours', 'serviceLevels', 'sla.manage'),
  section('sla-policies', 'serviceLevels', 'sla.manage'),
  section('escalation-rules', 'rules', 'escalation.manage'),
  section('automations', 'rules', 'automation.manage'),
  section('api-tokens', 'integrations', 'api_token.manage'),
  section('webhooks', 'integrations', 'webhook.manage'),
  section('email', 'integrations', 'settings.manage'),
  section('audit', 'records', 'audit.view'),
  section('satisfaction', 'reports', 'report.view'),
  // Customers hold kb.view too (to read): the staff side of the knowledge
  // base is for staff with kb.view, or anyone who may write it (as the server's
  // sees_staff_side).
  Object.assign(section('kb', 'kb.admin.group', 'kb.view', 'kb.admin.section'), {
    allowed: () => (isStaff() && can('kb.view')) || ['kb.create', 'kb.edit', 'kb.publish'].some((p) => can(p)),
  }),
]

// For the route: "users|roles|…".
export const SECTION_PATTERN = SECTIONS.map((s) => s.key).join('|')

export const allowedSections = () => SECTIONS.filter((s) => (s.allowed ? s.allowed() : can(s.permission)))
export const mayOpen = (key: string) => allowedSections().some((s) => s.key === key)
// Where "Admin" leads: the first section the user may open, or null.
export function firstAdminPath(): string | null {
  const first = allowedSections()[0]
  return first ? '/admin/' + first.key : null
}

// The header's link to the admin panel, or null when the user has none. A
// user who may open the knowledge base only (an agent: kb.view) gets a link
// that says so and leads straight to it.
export function adminLink(): { to: string; label: string } | null {
  const allowed = allowedSections()
  if (!allowed.length) return null
  if (allowed.length === 1 && allowed[0].key === 'kb') return { to: '/admin/kb', label: t('kb.admin.nav') }
  return { to: '/admin', label: t('nav.admin') }
}
