// The condition language of escalation rules and automations (RuleCondition
// and RuleAction in docs/openapi.yaml): which operators each field takes,
// what kind of value goes with them, and which actions each kind of rule
// takes. The editor offers only these; the server checks again.
import { PRIORITIES, STATUSES, TICKET_TYPES, type Priority, type RuleKind, type Status } from '../../api'
import { priorityLabel, statusLabel } from '../../format'
import { t } from '../../i18n'

export type ValueKind =
  | 'status' | 'status[]' | 'priority' | 'priority[]' | 'type' | 'type[]'
  | 'department' | 'department[]' | 'agent' | 'agent[]'
  | 'text' | 'text[]' | 'bool' | 'number' | 'none' | 'note'

const names = (single: ValueKind, list: ValueKind) => ({ is: single, is_not: single, in: list, not_in: list })
const compare = (v: ValueKind) => ({ lt: v, lte: v, gt: v, gte: v })

export const FIELDS: Record<string, { ops: Record<string, ValueKind> }> = {
  status: { ops: names('status', 'status[]') },
  priority: { ops: { ...names('priority', 'priority[]'), ...compare('priority') } },
  ticket_type: { ops: names('type', 'type[]') },
  department_id: { ops: names('department', 'department[]') },
  assignee_id: { ops: names('agent', 'agent[]') },
  tags: { ops: { contains: 'text', not_contains: 'text', in: 'text[]', not_in: 'text[]' } },
  subject: { ops: { contains: 'text', not_contains: 'text' } },
  description: { ops: { contains: 'text', not_contains: 'text' } },
  sla_breached: { ops: { is: 'bool', is_not: 'bool' } },
  minutes_to_breach: { ops: compare('number') },
  hours_since_created: { ops: compare('number') },
  hours_since_updated: { ops: compare('number') },
  hours_since_assigned: { ops: compare('number') },
  hours_since_customer_reply: { ops: compare('number') },
  hours_since_agent_reply: { ops: compare('number') },
}

// Labels from the catalogues (rules.*); a code the editor does not know
// (a newer server's) shows as it is.
export const fieldLabel = (field: string) => (FIELDS[field] ? t(`rules.fields.${field}`) : field)

const OPERATORS = ['is', 'is_not', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'contains', 'not_contains']
// Tags read as a set ("include any of") and priorities as a scale
// ("higher than"); every other field takes the plain words.
export function operatorLabel(field: string, op: string): string {
  if (field === 'tags' && op in FIELDS.tags.ops) return t(`rules.tagOps.${op}`)
  if (field === 'priority' && op in compare('priority')) return t(`rules.priorityOps.${op}`)
  return OPERATORS.includes(op) ? t(`rules.ops.${op}`) : op
}

export const ACTIONS: Record<RuleKind, string[]> = {
  'escalation-rules': ['escalate', 'change_priority', 'assign_to', 'change_department', 'add_tag', 'add_note'],
  automations: ['change_status', 'assign', 'add_tag', 'remove_tag', 'change_priority', 'add_note', 'set_ticket_type'],
}
export const ACTION_VALUE: Record<string, ValueKind> = {
  escalate: 'none', change_status: 'status', change_priority: 'priority', set_ticket_type: 'type',
  assign_to: 'agent', assign: 'agent', change_department: 'department', add_tag: 'text', remove_tag: 'text', add_note: 'note',
}

export const actionLabel = (type: string) => (type in ACTION_VALUE ? t(`rules.actions.${type}`) : type)

export const OPTIONS: Partial<Record<ValueKind, readonly string[]>> = {
  status: STATUSES, 'status[]': STATUSES, priority: PRIORITIES, 'priority[]': PRIORITIES, type: TICKET_TYPES, 'type[]': TICKET_TYPES,
}

// The words for one value of a status, priority, ticket type or yes/no
// kind (the shared status and priority labels); anything else as it is.
export function valueLabel(kind: ValueKind | undefined, v: string): string {
  if (kind?.startsWith('status')) return statusLabel(v as Status)
  if (kind?.startsWith('priority')) return priorityLabel(v as Priority)
  if (kind?.startsWith('type') && (TICKET_TYPES as readonly string[]).includes(v)) return t(`admin.sla.types.${v}`)
  if (kind === 'bool' && (v === 'true' || v === 'false')) return t(`rules.bool.${v}`)
  return v
}

// One editor row. `one` holds single values as text ('' is none / null
// for ids), `many` the ticked entries ('none' for null), both as strings.
export interface ConditionRow { field: string; operator: string; one: string; many: string[] }
export interface ActionRow { type: string; one: string }

export function newCondition(field = 'status'): ConditionRow {
  const op = Object.keys(FIELDS[field].ops)[0]
  return { field, operator: op, one: defaultOne(FIELDS[field].ops[op]), many: [] }
}
// No value is chosen for the admin: a rule meant for "Critical" must not
// quietly match "Low" too because the first choice was pre-selected.
export function defaultOne(_kind: ValueKind): string {
  return ''
}

export function conditionFrom(c: { field: string; operator: string; value: any }): ConditionRow {
  const row: ConditionRow = { field: c.field, operator: c.operator, one: '', many: [] }
  if (Array.isArray(c.value)) row.many = c.value.map((v) => (v === null ? 'none' : String(v)))
  else row.one = c.value === null || c.value === undefined ? '' : String(c.value)
  const kind = FIELDS[c.field]?.ops[c.operator]
  if (kind === 'text[]') row.one = row.many.join(', ')
  return row
}

// A number when the text is one; otherwise the text as typed, so the
// server's message says what is wrong with it.
const numberOr = (s: string) => (s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s)

export function conditionValue(r: ConditionRow): any {
  const kind = FIELDS[r.field]?.ops[r.operator]
  switch (kind) {
    case 'status[]': case 'priority[]': case 'type[]': return r.many
    case 'department[]': case 'agent[]': return r.many.map((v) => (v === 'none' ? null : Number(v)))
    case 'department': case 'agent': return r.one === '' ? null : Number(r.one)
    case 'text[]': return r.one.split(',').map((s) => s.trim()).filter(Boolean)
    case 'bool': return r.one === '' ? null : r.one === 'true'
    case 'number': return numberOr(r.one)
    default: return r.one
  }
}

export function actionValue(a: ActionRow): string | number | null {
  const kind = ACTION_VALUE[a.type]
  if (kind === 'none') return null
  if (kind === 'agent' || kind === 'department') return a.one === '' ? null : Number(a.one)
  return a.one
}
