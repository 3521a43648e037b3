// Words for permission slugs and their areas ("ticket.view_all" in the area
// "ticket"), so the role editor reads as sentences rather than codes. A slug
// this file does not know (from a newer server) shows as itself.
import type { PermissionInfo } from '../../api'

const AREA_LABELS: Record<string, string> = {
  ticket: 'Tickets', reply: 'Replies', kb: 'Knowledge base', department: 'Departments',
  report: 'Reports', sla: 'Service levels', automation: 'Automations', escalation: 'Escalation rules',
  macro: 'Macros', tag: 'Tags', custom_field: 'Custom fields', role: 'Roles', user: 'Users',
  settings: 'Settings', webhook: 'Webhooks', api_token: 'API tokens', audit: 'Audit log', import: 'Imports',
}

const LABELS: Record<string, string> = {
  'ticket.view': 'See the workspace and tickets of their departments',
  'ticket.view_all': 'See every ticket',
  'ticket.create': 'Open tickets for customers',
  'ticket.edit': 'Change status, priority, department and tags',
  'ticket.delete': 'Delete tickets',
  'ticket.assign': 'Assign tickets',
  'ticket.merge': 'Merge tickets',
  'ticket.close': 'Resolve and close tickets',
  'ticket.export': 'Export tickets',
  'reply.create': 'Reply to customers',
  'reply.create_internal': 'Write internal notes',
  'reply.edit': 'Edit replies',
  'reply.delete': 'Delete replies',
  'kb.view': 'Read articles',
  'kb.create': 'Write articles',
  'kb.edit': 'Edit articles',
  'kb.delete': 'Delete articles',
  'kb.publish': 'Publish articles',
  'report.view': 'See reports',
  'macro.view': 'Use macros',
  'macro.manage': 'Manage macros',
  'user.view': 'See users and roles',
  'user.manage': 'Create and change users',
  'role.manage': 'Create and change roles',
  'audit.view': 'Read the audit log',
  'api_token.manage': 'Manage API tokens',
  'custom_field.manage': 'Manage custom fields',
}

export const areaLabel = (area: string) => AREA_LABELS[area] ?? area.replace(/_/g, ' ')

export function permissionLabel(slug: string): string {
  if (LABELS[slug]) return LABELS[slug]
  const [area, action = ''] = slug.split('.')
  if (action === 'manage') return `Manage ${areaLabel(area).toLowerCase()}`
  return slug
}

export interface Area { area: string; label: string; slugs: string[] }

// The catalogue grouped by area, in the server's order.
export function groupByArea(catalogue: PermissionInfo[]): Area[] {
  const areas: Area[] = []
  for (const p of catalogue) {
    let a = areas.find((x) => x.area === p.area)
    if (!a) areas.push((a = { area: p.area, label: areaLabel(p.area), slugs: [] }))
    a.slugs.push(p.slug)
  }
  return areas
}

// A slug suggested by a role's name: "Tier 2 – Billing" → "tier_2_billing".
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 64)
    .replace(/_+$/, '')
}
