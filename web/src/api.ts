// The only door to the server: the public JSON API under the route prefix.
// Writes carry the session's CSRF token (X-CSRF-Token), which the sign-in
// and registration responses hand out; errors arrive as problem+json.

import type { components, operations } from './generated/openapi'
import { t } from './i18n'

// The app is served at {prefix}/assets/index-*.js; everything before
// "assets/" is the route prefix, whatever the server was configured with.
function findBase(): string {
  const path = new URL(import.meta.url).pathname
  const at = path.lastIndexOf('/assets/')
  return at >= 0 ? path.slice(0, at + 1) : import.meta.env.BASE_URL
}
export const BASE = findBase() // "/support/"

// The shapes are those of docs/openapi.yaml, as openapi-typescript generates
// them at build time into generated/openapi.ts (not committed); only what the
// document has no schema for is written here by hand, and says so.
type Schemas = components['schemas']
// The JSON an operation (by operationId) answers with status `S`.
type Answer<O extends keyof operations, S extends number = 200> =
  operations[O]['responses'] extends { [K in S]: { content: { 'application/json': infer T } } } ? T : never

export type Status = Schemas['TicketStatus']
export type Priority = Schemas['Priority']
export type Role = Schemas['RoleName']

// The /auth/me answer; only the caller's own user there carries
// two_factor_enabled and permissions (permission slugs, such as "ticket.edit").
export type Me = Answer<'me'>
export type User = Schemas['User'] & Partial<Omit<Me['user'], keyof Schemas['User']>>
export type Tag = Schemas['Tag']
export type Department = Schemas['Department']
export type Ticket = Schemas['Ticket']
// A customer's satisfaction rating of a resolved or closed ticket.
export type SatisfactionRating = Schemas['SatisfactionRating']
export type SatisfactionSummary = Schemas['SatisfactionSummary']
export type RequesterPane = Schemas['RequesterPane']
export type Sla = Schemas['TicketSla']
// A file uploaded with a reply, a note or a new ticket; `url` is the
// download path (GET /attachments/{id}).
export type Attachment = Schemas['Attachment']
// Hand-written addition: `pending` marks a reply the UI shows while it is
// being sent; the server never sends it.
export type Reply = Schemas['Reply'] & { pending?: boolean }
// Hand-written `data`: the document gives its members per activity type in
// prose only (an open object), so the timeline reads them loosely.
export type Activity = Omit<Schemas['Activity'], 'data'> & { data: Record<string, any> }
export type PortalTicket = Schemas['PortalTicketDetail']
export type AgentTicket = Schemas['TicketDetail']
// Hand-written: the document describes each cursor page on its own (such as
// TicketPage), not one generic page.
export interface Page<T> { data: T[]; next_cursor: string | null }
export type Dashboard = Schemas['Dashboard']
// A sign-in or registration answer: the user and the session's CSRF token.
export type SignIn = Schemas['SignIn']
// The password sign-in's answer: signed in, or a second factor is wanted.
export type LoginAnswer = Answer<'login'>
// Two-factor setup: the secret, then the new session with recovery codes.
export type TwoFactorSetup = Answer<'setupTwoFactor'>
export type TwoFactorConfirmed = Answer<'confirmTwoFactor'>
export type Settings = Schemas['Settings']

export type TicketType = Schemas['TicketType']
export const TICKET_TYPES: TicketType[] = ['question', 'problem', 'incident', 'task']

// Admin catalogues.
export type OpeningHours = Schemas['OpeningHours']
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const satisfies
  readonly (keyof Schemas['WeeklySchedule'])[]
export type Weekday = typeof WEEKDAYS[number]
export type BusinessHours = Schemas['BusinessHours']
// A holiday as a calendar carries it (every member present).
export type Holiday = BusinessHours['holidays'][number]
export type MinutesByPriority = Schemas['MinutesByPriority']
export type SlaPolicy = Schemas['SlaPolicy']
export type RuleCondition = Schemas['RuleCondition']
export type RuleAction = Schemas['RuleAction']
export type Rule = Schemas['Rule']
// Hand-written: the two path segments the rule routes live under.
export type RuleKind = 'escalation-rules' | 'automations'
export type ApiToken = Schemas['ApiToken']
export type Ability = ApiToken['abilities'][number]
// The create answer: the token with its secret, shown this once.
export type NewApiToken = Answer<'createApiToken', 201>
export type WebhookEvent = Schemas['WebhookEventName']
export const WEBHOOK_EVENTS = [
  'ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.unassigned',
  'ticket.priority_changed', 'ticket.department_changed', 'ticket.tag_added', 'ticket.tag_removed',
  'ticket.escalated', 'ticket.resolved', 'ticket.closed', 'ticket.reopened', 'reply.created',
  'note.created', 'sla.warning', 'sla.breached', 'ticket.rated',
] as const satisfies readonly WebhookEvent[]
export type Webhook = Schemas['Webhook']
// A create or secret-changing answer carries the signing secret, once.
export type WebhookWithSecret = Schemas['WebhookWithSecret']
export type WebhookDelivery = Schemas['WebhookDelivery']
export type WebhookAttempt = WebhookDelivery['attempts'][number]
// An account as the admin users route shows it: several roles (slugs of
// system or custom roles) and the coarse kind they add up to.
export type AdminUser = Schemas['AdminUser']
export type AdminUserPage = Answer<'listUsers'>
// A role as /admin/roles shows it; system roles are fixed.
export type RoleRecord = Schemas['Role']
export type PermissionInfo = Answer<'listPermissions'>['data'][number]
export type AuditEntry = Schemas['AuditEntry']
export type EmailTemplateParts = Schemas['EmailTemplateParts']
export type EmailTemplate = Schemas['EmailTemplate']
export type MailMessage = Schemas['MailMessage']
export type InboundMessage = Schemas['InboundMessage']
// Agent power tools: canned responses, macros, saved views.
export type CannedResponse = Schemas['CannedResponse']
export type Macro = Schemas['Macro']
export type MacroAction = Schemas['MacroAction']
export type MacroOutcome = Schemas['MacroOutcome']
export type SavedView = Schemas['SavedView']
export const MACRO_ACTIONS = ['status', 'priority', 'assign', 'department', 'add_tag', 'remove_tag', 'reply', 'note'] as const satisfies
  readonly MacroAction['type'][]

export const STATUSES: Status[] = [
  'open', 'in_progress', 'waiting_on_customer', 'waiting_on_agent',
  'escalated', 'resolved', 'closed', 'reopened',
]
export const PRIORITIES: Priority[] = ['low', 'medium', 'high', 'urgent', 'critical']

// An RFC 9457 problem document, thrown for every non-2xx answer.
export class ApiError extends Error {
  status: number
  title: string
  errors: Record<string, string[]>
  allowed: Status[]
  // Macros and bulk actions: the action refused (its index, its type).
  action: { index: number; type: string } | null
  // The problem document as it came (a stale write's `ticket` and `last_change`).
  body: any
  constructor(status: number, body: any) {
    const detail = (body && (body.detail || body.title)) || t('errors.serverAnswered', { status })
    super(detail)
    this.status = status
    this.title = (body && body.title) || ''
    this.errors = (body && body.errors) || {}
    this.allowed = (body && body.allowed) || []
    this.action = (body && body.action) || null
    this.body = body
  }
  field(name: string): string | undefined {
    const list = this.errors[name]
    return list && list.length ? list.join('; ') : undefined
  }
  // Every error whose path starts with `prefix` (`conditions.all[1]` finds
  // `conditions.all[1].operator` too), as one sentence.
  under(prefix: string): string | undefined {
    const msgs: string[] = []
    for (const [k, list] of Object.entries(this.errors)) {
      if (k === prefix || k.startsWith(prefix + '.') || k.startsWith(prefix + '[')) {
        const rest = k.slice(prefix.length).replace(/^[.]/, '')
        for (const m of list) msgs.push(rest ? `${rest.replace(/_/g, ' ')} ${m}` : m)
      }
    }
    return msgs.length ? msgs.join('; ') : undefined
  }
  // The errors no field of the form shows (no path under one of `known`).
  unplaced(known: string[]): string[] {
    return Object.entries(this.errors)
      .filter(([k]) => !known.some((p) => k === p || k.startsWith(p + '.') || k.startsWith(p + '[')))
      .map(([k, list]) => `${k.replace(/_/g, ' ')} ${list.join('; ')}`)
  }
}

// The cookie is HttpOnly; the token travels in the sign-in body and lives
// in localStorage until sign-out, so a reload keeps working. It is read on
// every write, so a sign-in in another tab (a new session, a new token)
// reaches this one too.
const CSRF_KEY = 'escalated.csrf'
const csrfToken = () => localStorage.getItem(CSRF_KEY)
export function setCsrfToken(token: string | null) {
  if (token) localStorage.setItem(CSRF_KEY, token)
  else localStorage.removeItem(CSRF_KEY)
}

// A browser that never signed in (or signed out) holds no token, and need
// not ask the server who it is.
export const hasCsrfToken = () => csrfToken() !== null

// Called when the server says the session is gone (401).
let onUnauthorized: (() => void) | null = null
export function whenUnauthorized(fn: () => void) {
  onUnauthorized = fn
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  // A FormData body is multipart/form-data: the browser writes its boundary.
  const form = body instanceof FormData
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json'
  const token = csrfToken()
  if (method !== 'GET' && token) headers['X-CSRF-Token'] = token
  let res: Response
  try {
    res = await fetch(BASE + path.replace(/^\//, ''), {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, { detail: t('errors.unreachable') })
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let parsed: any = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = null
  }
  if (!res.ok) {
    const err = new ApiError(res.status, parsed)
    if (res.status === 401 && !path.startsWith('auth/') && onUnauthorized) onUnauthorized()
    throw err
  }
  return parsed as T
}

export const get = <T>(path: string) => request<T>('GET', path)
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body)
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body)
export const del = (path: string) => request<void>('DELETE', path)
// POSTs `fields` as JSON, or as multipart/form-data with the files as
// repeated `attachments` parts when there are any.
export function postWithFiles<T>(path: string, fields: Record<string, string>, files: File[]): Promise<T> {
  if (!files.length) return post<T>(path, fields)
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('attachments', f, f.name)
  return request<T>('POST', path, form)
}

// Any thrown value as an ApiError, for the error slots of forms.
export const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, { detail: String(e) }))

export function query(params: Record<string, string | number | undefined | null | false>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}
