// The only door to the server: the public JSON API under the route prefix.
// Writes carry the session's CSRF token (X-CSRF-Token), which the sign-in
// and registration responses hand out; errors arrive as problem+json.

// The app is served at {prefix}/assets/index-*.js; everything before
// "assets/" is the route prefix, whatever the server was configured with.
function findBase(): string {
  const path = new URL(import.meta.url).pathname
  const at = path.lastIndexOf('/assets/')
  return at >= 0 ? path.slice(0, at + 1) : import.meta.env.BASE_URL
}
export const BASE = findBase() // "/support/"

export type Status =
  | 'open' | 'in_progress' | 'waiting_on_customer' | 'waiting_on_agent'
  | 'escalated' | 'resolved' | 'closed' | 'reopened'
export type Priority = 'low' | 'medium' | 'high' | 'urgent' | 'critical'
export type Role = 'customer' | 'agent' | 'admin'

export interface User {
  id: number; name: string; email: string; role: Role; active: boolean
  // Only the caller's own /auth/me carries these two.
  two_factor_enabled?: boolean
  permissions?: string[] // permission slugs, such as "ticket.edit"
}
export interface Tag { id: number; name: string; color: string }
export interface Department {
  id: number; name: string; description: string; active: boolean; created_at: string; updated_at: string
}
export interface Ticket {
  id: number
  reference: string
  subject: string
  description: string
  status: Status
  priority: Priority
  ticket_type: string
  channel: string
  requester: { id: number; name: string; email: string } | null
  guest: { name: string; email: string } | null
  assignee: { id: number; name: string } | null
  department: { id: number; name: string } | null
  tags: Tag[]
  created_at: string
  updated_at: string
  resolved_at: string | null
  closed_at: string | null
  first_response_at: string | null
  // Server-rendered, sanitised HTML of the Markdown body, once the server sends it.
  description_html?: string
  // Present once the SLA engine has a policy on the ticket.
  sla?: Sla | null
  // While set, the ticket is hidden from the queue (unless include_snoozed).
  snoozed_until?: string | null
  // The requester's CSAT rating; only ticket details carry it (null: not rated).
  satisfaction_rating?: SatisfactionRating | null
}
// A customer's satisfaction rating of a resolved or closed ticket.
export interface SatisfactionRating { rating: number; comment: string | null; created_at: string; updated_at: string }
export interface SatisfactionSummary {
  count: number
  average: number | null
  csat_percent: number | null
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>
  by_agent: { agent_id: number; name: string; count: number; average: number }[]
  recent: {
    ticket_id: number; reference: string; subject: string; rating: number; comment: string | null
    rated_at: string; agent: { id: number; name: string } | null
  }[]
}
export interface Sla {
  policy_id: number | null
  first_response_due_at: string | null
  resolution_due_at: string | null
  first_response_at: string | null
  first_response_breached: boolean
  resolution_breached: boolean
  paused: boolean
}
// A file uploaded with a reply, a note or a new ticket; `url` is the
// download path (GET /attachments/{id}).
export interface Attachment { id: number; filename: string; size: number; mime_type: string; url: string }
export interface Reply {
  id: number
  ticket_id: number
  body: string
  // Server-rendered, sanitised HTML of the Markdown body, once the server sends it.
  body_html?: string
  is_internal_note: boolean
  author: { id: number; name: string; role: Role | null } | null
  created_at: string
  pending?: boolean
  attachments?: Attachment[]
}
export interface Activity {
  id: number
  type: string
  actor: { id: number; name: string } | null
  data: Record<string, any>
  created_at: string
}
export interface PortalTicket extends Ticket { replies: Reply[]; attachments?: Attachment[] }
export interface AgentTicket extends Ticket {
  replies: Reply[]
  attachments?: Attachment[]
  activities: Activity[]
  allowed_transitions: Status[]
}
export interface Page<T> { data: T[]; next_cursor: string | null }
export interface Dashboard { open: number; mine: number; unassigned: number; resolved_today: number }
export interface Settings { status_transitions: Record<Status, Status[]> }

export type TicketType = 'question' | 'problem' | 'incident' | 'task'
export const TICKET_TYPES: TicketType[] = ['question', 'problem', 'incident', 'task']

// Admin catalogues (see docs/openapi.yaml for the shapes).
export interface OpeningHours { start: string; end: string }
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type Weekday = typeof WEEKDAYS[number]
export interface Holiday { name: string; date: string; recurring: boolean }
export interface BusinessHours {
  id: number; name: string; timezone: string
  schedule: Partial<Record<Weekday, OpeningHours[]>>
  holidays: Holiday[]; created_at: string; updated_at: string
}
export type MinutesByPriority = Partial<Record<Priority, number>>
export interface SlaPolicy {
  id: number; name: string; description: string
  first_response_minutes: MinutesByPriority; resolution_minutes: MinutesByPriority
  business_hours_id: number | null; is_default: boolean; active: boolean; position: number
  match: { department_ids: number[]; priorities: Priority[]; ticket_types: TicketType[] }
  created_at: string; updated_at: string
}
export interface RuleCondition { field: string; operator: string; value: any }
export interface RuleAction { type: string; value: string | number | null }
export interface Rule {
  id: number; name: string; description: string; active: boolean; position: number
  conditions: { all: RuleCondition[]; any: RuleCondition[] }
  actions: RuleAction[]; created_at: string; updated_at: string
}
export type RuleKind = 'escalation-rules' | 'automations'
export type Ability = 'tickets:read' | 'tickets:write' | 'admin' | '*'
export interface ApiToken {
  id: number; name: string; prefix: string; abilities: Ability[]
  user: { id: number; name: string; email: string }
  expires_at: string | null; last_used_at: string | null; created_at: string
  token?: string
}
export const WEBHOOK_EVENTS = [
  'ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.unassigned',
  'ticket.priority_changed', 'ticket.department_changed', 'ticket.tag_added', 'ticket.tag_removed',
  'ticket.escalated', 'ticket.resolved', 'ticket.closed', 'ticket.reopened', 'reply.created',
  'note.created', 'sla.warning', 'sla.breached', 'ticket.rated',
] as const
export type WebhookEvent = '*' | typeof WEBHOOK_EVENTS[number]
export interface Webhook {
  id: number; url: string; events: WebhookEvent[]; description: string; active: boolean
  created_at: string; updated_at: string
  secret?: string
}
export interface WebhookAttempt { at: string; response_code: number | null; error: string | null; response_body: string | null }
export interface WebhookDelivery {
  id: number; webhook_id: number; message_id: string; event: WebhookEvent
  status: 'pending' | 'delivered' | 'failed'; next_attempt_at: string | null
  attempts: WebhookAttempt[]; created_at: string
}
// An account as the admin users route shows it: several roles (slugs of
// system or custom roles) and the coarse kind they add up to.
export interface AdminUser {
  id: number; name: string; email: string; roles: string[]; kind: Role; department_ids: number[]
  active: boolean; two_factor_enabled: boolean; created_at: string; updated_at: string
}
// A role as /admin/roles shows it; system roles are fixed.
export interface RoleRecord {
  id: number; slug: string; name: string; description: string; permissions: string[]
  system: boolean; user_count: number; created_at: string; updated_at: string
}
export interface PermissionInfo { slug: string; area: string }

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
  constructor(status: number, body: any) {
    const detail = (body && (body.detail || body.title)) || `The server answered ${status}.`
    super(detail)
    this.status = status
    this.title = (body && body.title) || ''
    this.errors = (body && body.errors) || {}
    this.allowed = (body && body.allowed) || []
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
    throw new ApiError(0, { detail: 'The server cannot be reached. Check your connection.' })
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
