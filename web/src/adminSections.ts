// The sections of the admin panel and the permission each needs. The nav
// shows, and the route guard lets through, only the sections the signed-in
// user may work in; a user holding none of them has no admin panel.
import { can } from './session'
import { t } from './i18n'

export type Section =
  | 'users' | 'roles' | 'departments' | 'tags' | 'settings' | 'business-hours' | 'sla-policies'
  | 'escalation-rules' | 'automations' | 'api-tokens' | 'webhooks' | 'email' | 'audit'
  | 'satisfaction' | 'macros'

// `label` and `group` are read in the UI's language (admin.sections.*,
// admin.groups.*).
export interface SectionInfo { key: Section; readonly label: string; readonly group: string; permission: string }

// `labelKey`: a section whose label lives in another catalogue namespace.
function section(key: Section, group: string, permission: string, labelKey = `admin.sections.${key}`): SectionInfo {
  return {
    key, permission,
    get label() { return t(labelKey) },
    get group() { return t(`admin.groups.${group}`) },
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
]

// For the route: "users|roles|…".
export const SECTION_PATTERN = SECTIONS.map((s) => s.key).join('|')

export const allowedSections = () => SECTIONS.filter((s) => can(s.permission))
export const mayOpen = (key: string) => allowedSections().some((s) => s.key === key)
// Where "Admin" leads: the first section the user may open, or null.
export function firstAdminPath(): string | null {
  const first = allowedSections()[0]
  return first ? '/admin/' + first.key : null
}
