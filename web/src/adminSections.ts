// The sections of the admin panel and the permission each needs. The nav
// shows, and the route guard lets through, only the sections the signed-in
// user may work in; a user holding none of them has no admin panel.
import { can } from './session'

export type Section =
  | 'users' | 'roles' | 'departments' | 'tags' | 'settings' | 'business-hours' | 'sla-policies'
  | 'escalation-rules' | 'automations' | 'api-tokens' | 'webhooks' | 'email' | 'audit'
  | 'satisfaction'

export interface SectionInfo { key: Section; label: string; group: string; permission: string }

// In the order of the nav.
export const SECTIONS: SectionInfo[] = [
  { key: 'users', label: 'Users', group: 'People', permission: 'user.view' },
  { key: 'roles', label: 'Roles', group: 'People', permission: 'user.view' },
  { key: 'departments', label: 'Departments', group: 'People', permission: 'department.manage' },
  { key: 'tags', label: 'Tags', group: 'Tickets', permission: 'tag.manage' },
  { key: 'settings', label: 'Workflow', group: 'Tickets', permission: 'settings.manage' },
  { key: 'business-hours', label: 'Business hours', group: 'Service levels', permission: 'sla.manage' },
  { key: 'sla-policies', label: 'SLA policies', group: 'Service levels', permission: 'sla.manage' },
  { key: 'escalation-rules', label: 'Escalation rules', group: 'Rules', permission: 'escalation.manage' },
  { key: 'automations', label: 'Automations', group: 'Rules', permission: 'automation.manage' },
  { key: 'api-tokens', label: 'API tokens', group: 'Integrations', permission: 'api_token.manage' },
  { key: 'webhooks', label: 'Webhooks', group: 'Integrations', permission: 'webhook.manage' },
  { key: 'email', label: 'E-mail', group: 'Integrations', permission: 'settings.manage' },
  { key: 'audit', label: 'Audit log', group: 'Records', permission: 'audit.view' },
  { key: 'satisfaction', label: 'Satisfaction', group: 'Reports', permission: 'report.view' },
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
