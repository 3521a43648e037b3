// The admin panel walked in another language (issue 14): a new admin
// switches to German, then to Arabic (right to left, a 390 px phone), and
// opens every admin section. Each shows its heading and its nav entry in
// the chosen language (read from the catalogues, so a changed wording does
// not break the walk), no raw catalogue key, and not the English of the
// page's own title; in Arabic the page never scrolls sideways.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { request as http } from '@playwright/test'
import { test, expect, signIn, type Page } from './fixtures'
import { ADMIN } from './global-setup'

test.describe.configure({ mode: 'serial' })
test.setTimeout(120_000)

type Catalogue = Record<string, any>
const catalogue = (code: string): Catalogue =>
  JSON.parse(readFileSync(resolve(__dirname, `../../web/src/locales/${code}.json`), 'utf8'))
const EN = catalogue('en')
const key = (c: Catalogue, path: string): string => path.split('.').reduce((n, k) => n[k], c) as unknown as string

// Each section: its nav label and the first heading of its page.
const SECTIONS: { section: string; nav: string; heading: string }[] = [
  ...['users', 'roles', 'business-hours', 'sla-policies', 'escalation-rules', 'automations', 'api-tokens',
    'webhooks', 'email', 'audit', 'satisfaction'].map((s) => ({ section: s, nav: `admin.sections.${s}`, heading: `admin.sections.${s}` })),
  { section: 'departments', nav: 'admin.sections.departments', heading: 'admin.departments.new' },
  { section: 'tags', nav: 'admin.sections.tags', heading: 'admin.tags.new' },
  { section: 'settings', nav: 'admin.sections.settings', heading: 'admin.workflow.title' },
  { section: 'macros', nav: 'tools.macro.section', heading: 'tools.macro.section' },
  { section: 'kb', nav: 'kb.admin.section', heading: 'kb.admin.title' },
]

// A catalogue key shown instead of its text ("admin.sections.users").
const RAW_KEY = /\b(?:admin|rules|common|tools|kb|titles|nav|errors)\.[a-z][\w-]*(?:\.[\w-]+)*/

async function newAdmin(): Promise<{ email: string; password: string }> {
  const user = { name: 'Inge International', email: `admin-i18n-${Date.now()}@example.com`, password: 'admin-i18n-password-1' }
  const api = await http.newContext({ baseURL: process.env.ESCALATED_BASE + '/' })
  const login = await api.post('auth/login', { data: { email: ADMIN.email, password: ADMIN.password } })
  expect(login.ok()).toBeTruthy()
  const { csrf_token } = await login.json()
  const made = await api.post('admin/users', {
    data: { ...user, roles: ['admin'] }, headers: { 'X-CSRF-Token': csrf_token, Accept: 'application/json' },
  })
  expect(made.status(), await made.text()).toBe(201)
  await api.dispose()
  return user
}

async function walk(page: Page, code: string, dir: 'ltr' | 'rtl', fits: boolean) {
  const c = catalogue(code)
  const nav = page.getByRole('navigation', { name: key(c, 'admin.sectionsLabel') })
  for (const s of SECTIONS) {
    await page.goto(`admin/${s.section}`)
    await expect(page.locator('html')).toHaveAttribute('lang', code)
    await expect(page.locator('html')).toHaveAttribute('dir', dir)
    await expect(page.getByRole('heading', { level: 1, name: key(c, 'admin.title') })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: key(c, s.heading), exact: true }).first(), s.section).toBeVisible()
    await expect(nav.locator('[aria-current="page"]'), s.section).toHaveText(key(c, s.nav))
    const text = await page.locator('body').innerText()
    expect(text, `${s.section}: no raw key`).not.toMatch(RAW_KEY)
    for (const english of [key(EN, s.heading), key(EN, 'admin.intro')]) {
      if (english !== key(c, s.heading)) expect(text, `${s.section}: no English "${english}"`).not.toContain(english)
    }
    if (fits) {
      const [scroll, client] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, document.scrollingElement!.clientWidth])
      expect(scroll, `${s.section}: no horizontal overflow`).toBeLessThanOrEqual(client)
    }
  }
}

let admin: { email: string; password: string }

test('an admin walks every admin section in German', async ({ page }) => {
  admin = await newAdmin()
  await signIn(page, admin.email, admin.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  // The header's language menu; signed in, it keeps the choice on the account.
  await page.locator('#language').selectOption('de')
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('button', { name: 'Kontomenü' })).toBeVisible()
  await walk(page, 'de', 'ltr', false)

  // The rules editor speaks German too: its form, operators and actions.
  const de = catalogue('de')
  await page.goto('admin/escalation-rules')
  await page.getByRole('button', { name: key(de, 'rules.escalation-rules.new') }).click()
  const all = page.getByRole('group', { name: key(de, 'rules.allOfThese'), exact: true })
  await expect(all.getByRole('button', { name: key(de, 'rules.addCondition') })).toBeVisible()
  await all.getByLabel('Feld 1').selectOption('subject')
  expect(await all.getByLabel('Operator 1').locator('option').allTextContents()).toEqual(['enthält', 'enthält nicht'])
  expect(await page.getByLabel('Art der Aktion 1').locator('option').allTextContents()).toContain('Interne Notiz hinzufügen')
  const text = await page.locator('body').innerText()
  expect(text).not.toMatch(RAW_KEY)
  for (const english of ['Add condition', 'All of these', 'Add action', 'Create escalation rule']) expect(text).not.toContain(english)
})

test('the same admin walks every section in Arabic on a phone, right to left, without overflow', async ({ page }) => {
  await signIn(page, admin.email, admin.password)
  // The account's German follows the admin to this browser.
  await expect(page.getByRole('button', { name: 'Kontomenü' })).toBeVisible()
  await page.locator('#language').selectOption('ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.setViewportSize({ width: 390, height: 820 })
  await walk(page, 'ar', 'rtl', true)
})
