// The audit log in words: one sentence per entry in the user's language
// ("Ana Lima created the department Billing"), from one catalogue key per
// (entity type, action) the server records (history.audit.<type>.<action>),
// with a generic sentence for a pair this UI does not know (a newer
// server's). The raw codes stay available to admins on hover and in the
// details.
import type { AuditEntry, Priority, Status } from './api'
import { MACRO_ACTIONS, PRIORITIES, STATUSES } from './api'
import { priorityLabel, statusLabel } from './format'
import { i18n, t } from './i18n'

const known = (key: string) => i18n.global.te(key, 'en')

// The entity types the services record (journal.audit's first argument).
export const AUDIT_ENTITIES = ['ticket', 'reply', 'attachment', 'user', 'role', 'department', 'tag', 'setting',
  'business_hours', 'sla_policy', 'escalation_rule', 'automation_rule', 'canned_response', 'macro', 'api_token',
  'webhook', 'webhook_delivery', 'kb_category', 'kb_article', 'email_template', 'mail_message', 'satisfaction_rating']

// The actions they record, for the action filter.
export const AUDIT_ACTIONS = ['created', 'updated', 'deleted', 'published', 'revoked', 'retried', 'customized', 'reset',
  'sessions_ended', 'password_changed', 'password_reset_requested', 'password_reset', 'preferences_changed',
  'two_factor_setup_started', 'two_factor_enabled', 'two_factor_disabled', 'two_factor_recovery_code_used',
  'status_changed', 'priority_changed', 'assigned', 'unassigned', 'department_changed', 'tags_changed',
  'snoozed', 'unsnoozed', 'auto_closed', 'closed_by_requester', 'reopened_by_requester', 'reply_status_moved',
  'rule_applied', 'macro_applied', 'guest_link_mailed', 'guest_links_revoked',
  // A bulk action records "bulk_" + the macro action's type.
  ...MACRO_ACTIONS.map((type) => `bulk_${type}`)]

// The macro action type of a bulk action's code ("bulk_status" -> "status").
const bulkType = (action: string) => {
  const type = action.startsWith('bulk_') ? action.slice(5) : ''
  return (MACRO_ACTIONS as readonly string[]).includes(type) ? type : null
}

// An entity type in words (one from a newer server shows as itself).
export function entityLabel(type: string): string {
  for (const key of [`admin.audit.entities.${type}`, `history.entities.${type}`]) if (known(key)) return t(key)
  return type.replace(/_/g, ' ')
}

// An action in words ("ended all sessions"); an unknown code as itself.
export function actionLabel(action: string): string {
  const bulk = bulkType(action)
  if (bulk) return t('history.actions.bulk', { action: t(`tools.macro.types.${bulk}`) })
  return known(`history.actions.${action}`) ? t(`history.actions.${action}`) : action.replace(/_/g, ' ')
}

// The entry as a sentence, naming the actor and the target.
export function sentence(e: AuditEntry, actor: string): string {
  const id = e.target?.id ?? e.entity_id
  const name = e.target?.name ?? (id !== null && id !== undefined ? '#' + id : '')
  const bulk = bulkType(e.action)
  if (e.entity_type === 'ticket' && bulk)
    return t('history.audit.ticket.bulk', { actor, name, action: t(`tools.macro.types.${bulk}`) })
  const key = `history.audit.${e.entity_type}.${e.action}`
  if (known(key)) return t(key, { actor, name })
  return t('history.audit.fallback', { actor, action: actionLabel(e.action), type: entityLabel(e.entity_type), name })
}

export interface FieldChange { field: string; label: string; from: string; to: string }

function valueText(field: string, v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (field === 'status' && (STATUSES as unknown[]).includes(v)) return statusLabel(v as Status)
  if (field === 'priority' && (PRIORITIES as unknown[]).includes(v)) return priorityLabel(v as Priority)
  return typeof v === 'string' ? v : JSON.stringify(v)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

// The members that differ between the old and new values, named in words
// where the UI knows the field (the raw name on hover).
export function changedFields(e: AuditEntry): FieldChange[] {
  const before = isObject(e.old_values) ? e.old_values : null
  const after = isObject(e.new_values) ? e.new_values : null
  if (!before || !after) return []
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((field) => ({
      field,
      label: known(`history.fields.${field}`) ? t(`history.fields.${field}`) : field,
      from: valueText(field, before[field]),
      to: valueText(field, after[field]),
    }))
}
