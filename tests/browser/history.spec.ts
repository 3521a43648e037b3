// Readable history (issue 15): the audit log reads as sentences with names
// in the user's language ("Ana Lima ended all sessions of Bob Stone"), the
// raw action code and entity id on hover; the filters offer translated
// labels and still send the raw codes.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { request as http, type APIRequestContext } from '@playwright/test'
import { test, expect, signIn, type Page } from './fixtures'
import { ADMIN } from './global-setup'

test.describe.configure({ mode: 'serial' })

type Catalogue = Record<string, any>
const catalogue = (code: string): Catalogue =>
  JSON.parse(readFileSync(resolve(__dirname, `../../web/src/locales/${code}.json`), 'utf8'))
const key = (c: Catalogue, path: string): string => path.split('.').reduce((n, k) => n[k], c) as unknown as string
const said = (c: Catalogue, path: string, params: Record<string, string>) =>
  Object.entries(params).reduce((s, [k, v]) => s.replace(`{${k}}`, v), key(c, path))

const stamp = Date.now()
const ana = { name: `Ana Lima ${stamp}`, email: `ana-${stamp}@example.com`, password: 'history-password-1' }
const bob = { name: `Bob Stone ${stamp}`, email: `bob-${stamp}@example.com`, password: 'history-password-2' }
const department = `Billing ${stamp}`
let departmentId = 0
let bobId = 0

async function signedInApi(email: string, password: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await http.newContext({ baseURL: process.env.ESCALATED_BASE + '/' })
  const login = await api.post('auth/login', { data: { email, password } })
  expect(login.ok()).toBeTruthy()
  return { api, csrf: (await login.json()).csrf_token }
}

test.beforeAll(async () => {
  // A fresh admin (her language choice stays on her own account) makes a
  // few audited changes through the API.
  const root = await signedInApi(ADMIN.email, ADMIN.password)
  const headers = { 'X-CSRF-Token': root.csrf, Accept: 'application/json' }
  for (const user of [{ ...ana, roles: ['admin'] }, { ...bob, roles: ['agent'] }]) {
    const made = await root.api.post('admin/users', { data: user, headers })
    expect(made.status(), await made.text()).toBe(201)
    if (user.email === bob.email) bobId = (await made.json()).id
  }
  await root.api.dispose()

  const as = await signedInApi(ana.email, ana.password)
  const h = { 'X-CSRF-Token': as.csrf, Accept: 'application/json' }
  const dep = await as.api.post('admin/departments', { data: { name: department }, headers: h })
  expect(dep.status(), await dep.text()).toBe(201)
  departmentId = (await dep.json()).id
  // A change of roles ends Bob's sessions.
  const promoted = await as.api.patch(`admin/users/${bobId}`, { data: { roles: ['admin'] }, headers: h })
  expect(promoted.status(), await promoted.text()).toBe(200)
  await as.api.dispose()
})

async function filter(page: Page, c: Catalogue, entity: string, action: string) {
  await page.locator('#audit-entity').selectOption(entity)
  await page.locator('#audit-action').selectOption(action)
  await page.getByRole('button', { name: key(c, 'admin.audit.filter'), exact: true }).click()
}

async function readLog(page: Page, code: string) {
  const c = catalogue(code)
  await page.goto('admin/audit')
  await expect(page.getByRole('heading', { level: 2, name: key(c, 'admin.sections.audit') })).toBeVisible()
  const entries = page.getByRole('region', { name: key(c, 'admin.audit.entries') })

  // The filters offer words, not codes.
  await expect(page.locator('#audit-action option[value="sessions_ended"]')).toHaveText(key(c, 'history.actions.sessions_ended'))
  await expect(page.locator('#audit-entity option[value="department"]')).toHaveText(key(c, 'admin.audit.entities.department'))

  await filter(page, c, 'department', 'created')
  const created = entries.getByTestId('audit-sentence').filter({ hasText: department })
  await expect(created).toHaveText(said(c, 'history.audit.department.created', { actor: ana.name, name: department }))
  await expect(created).toHaveAttribute('title', `department #${departmentId} · created`)

  await filter(page, c, 'user', 'sessions_ended')
  const ended = entries.getByTestId('audit-sentence').filter({ hasText: bob.name }).first()
  await expect(ended).toHaveText(said(c, 'history.audit.user.sessions_ended', { actor: ana.name, name: bob.name }))
  await expect(ended).toHaveAttribute('title', `user #${bobId} · sessions_ended`)
  return { c, entries }
}

test('the audit log reads as English sentences with names, the codes on hover', async ({ page }) => {
  await signIn(page, ana.email, ana.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await readLog(page, 'en')
  // The wording itself, once, in plain English.
  await filter(page, catalogue('en'), 'user', 'sessions_ended')
  await expect(page.getByText(`${ana.name} ended all sessions of ${bob.name}`)).toBeVisible()

  // The roles change: translated field names in the details, the raw codes too.
  await filter(page, catalogue('en'), 'user', 'updated')
  const row = page.getByRole('row').filter({ hasText: `${ana.name} changed the user ${bob.name}` }).first()
  await row.getByRole('button', { name: 'Show values' }).click()
  await expect(page.getByText(`Code: user #${bobId} · updated`)).toBeVisible()
  await expect(page.locator('dl.changes dt', { hasText: 'Roles' })).toHaveAttribute('title', 'roles')
})

test('the audit log reads as German sentences', async ({ page }) => {
  await signIn(page, ana.email, ana.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.locator('#language').selectOption('de')
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await readLog(page, 'de')
  await expect(page.getByText(`${ana.name} hat alle Sitzungen von ${bob.name} beendet`)).toBeVisible()
  await filter(page, catalogue('de'), 'department', 'created')
  await expect(page.getByText(`${ana.name} hat die Abteilung ${department} erstellt`)).toBeVisible()
})

test('the ticket timeline says a new follower and the channel in words, the kind on hover for admins', async ({ page }) => {
  // Not "printer": operations.spec's dry run counts the open tickets that say it.
  const as = await signedInApi(ana.email, ana.password)
  const h = { 'X-CSRF-Token': as.csrf, Accept: 'application/json' }
  const made = await as.api.post('tickets', { data: { subject: `Stapler ${stamp}`, description: 'It jams.' }, headers: h })
  expect(made.status(), await made.text()).toBe(201)
  const ticket = await made.json()
  const followed = await as.api.post(`agent/tickets/${ticket.id}/followers`, { data: { user_id: bobId }, headers: h })
  expect(followed.status(), await followed.text()).toBe(200)
  await as.api.dispose()

  // Ana chose German in the test before.
  const de = catalogue('de')
  await signIn(page, ana.email, ana.password)
  await expect(page.getByRole('button', { name: key(de, 'nav.accountMenu') })).toBeVisible()
  await page.goto(`agent/tickets/${ticket.reference}`)
  await page.getByRole('tab', { name: new RegExp(key(de, 'ticket.activity')) }).click()
  const line = page.getByRole('list', { name: key(de, 'ticket.activity') }).locator('[title="follower_added"]')
  await expect(line).toHaveText(said(de, 'history.activity.followerAdded', { actor: ana.name, name: bob.name }))
  // The channel in words as well: the ticket came in through the portal.
  const opened = page.getByRole('list', { name: key(de, 'ticket.activity') }).locator('[title="created"]')
  await expect(opened).toHaveText(said(de, 'activity.createdVia', { actor: ana.name, channel: key(de, 'history.channel.web') }))
})
