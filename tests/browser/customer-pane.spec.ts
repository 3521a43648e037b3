// The customer beside the conversation (issue 15): a card at the top of the
// ticket's side column with the requester, their local time, their other
// tickets and past ratings. The column folds away with a "Details" toggle;
// on a phone it starts folded so the thread shows at once, and the choice
// is remembered. Arabic fits a phone.
//
// It opens tickets of its own customer and closes them at the end: tests
// that count open tickets (helpdesk.spec) run after it.
import type { APIRequestContext, Page } from '@playwright/test'
import { test, expect, shot, signIn, signOut } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

const CUSTOMER = { name: 'Pia Pane', email: 'pia.pane@example.com', password: 'pia-password-1' }
const EARLIER = 'Pane walk: invoice PDF is blank'
const CURRENT = 'Pane walk: cannot change the delivery address'
const FIRST_MESSAGE = 'The address form says saved, but the old address comes back.'
const json = { Accept: 'application/json' }

test.describe.configure({ mode: 'serial' })

const tickets: { id: number; reference: string }[] = []

async function session(request: APIRequestContext, who: { email: string; password: string }) {
  const r = await request.post('auth/login', { data: { email: who.email, password: who.password }, headers: json })
  expect(r.status()).toBe(200)
  return { ...json, 'X-CSRF-Token': (await r.json()).csrf_token as string }
}
async function signedInAgent(page: Page) {
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
}

test.afterAll(async ({ request }) => {
  const admin = await session(request, ADMIN)
  for (const t of tickets) await request.post(`agent/tickets/${t.id}/status`, { headers: admin, data: { status: 'closed' } })
})

test('the customer card shows the requester and another ticket of theirs, which opens', async ({ page, request }) => {
  // The customer signs up, sets their time zone and opens two tickets.
  expect((await request.post('auth/register', { data: CUSTOMER, headers: json })).status()).toBe(201)
  const pia = await session(request, CUSTOMER)
  expect((await request.patch('auth/me', { headers: pia, data: { timezone: 'Europe/Berlin' } })).status()).toBe(200)
  for (const [subject, description] of [[EARLIER, 'The PDF of March has no pages.'], [CURRENT, FIRST_MESSAGE]]) {
    const r = await request.post('tickets', { headers: pia, data: { subject, description } })
    expect(r.status()).toBe(201)
    tickets.push(await r.json())
  }

  await signedInAgent(page)
  await page.goto('agent/tickets/' + tickets[1].reference)
  await expect(page.getByRole('heading', { name: CURRENT })).toBeVisible()
  const card = page.getByRole('region', { name: 'Customer' })
  await expect(card.getByRole('heading', { name: CUSTOMER.name })).toBeVisible()
  await expect(card.getByRole('link', { name: CUSTOMER.email })).toHaveAttribute('href', 'mailto:' + CUSTOMER.email)
  await expect(card.getByRole('button', { name: 'Copy e-mail address' })).toBeVisible()
  await expect(card.getByText(/\d{1,2}:\d{2}.*\(Europe\/Berlin\)/)).toBeVisible()
  await expect(card.getByText('No ratings yet.')).toBeVisible()
  const other = card.getByRole('link', { name: new RegExp(EARLIER) })
  await expect(other).toContainText('Open')

  // The side column sits to the right of the thread on a desktop.
  const thread = page.getByRole('tabpanel', { name: /Conversation/ })
  const props = page.getByRole('region', { name: 'Properties' })
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect.poll(async () => (await card.boundingBox())!.x).toBeGreaterThan((await thread.boundingBox())!.x + 400)
  await expect.poll(async () => (await props.boundingBox())!.y).toBeGreaterThan((await card.boundingBox())!.y)
  await shot(page, 'ticket-desktop')
  await page.setViewportSize({ width: 1280, height: 800 })

  // It folds away and stays folded after a reload; then back.
  const toggle = page.getByRole('button', { name: 'Hide details' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await toggle.click()
  await expect(card).toBeHidden()
  await page.reload()
  await expect(page.getByRole('heading', { name: CURRENT })).toBeVisible()
  await expect(card).toBeHidden()
  await page.getByRole('button', { name: 'Details' }).click()
  await expect(card).toBeVisible()

  await other.click()
  await expect(page.getByRole('heading', { name: EARLIER })).toBeVisible()
  await expect(card.getByRole('link', { name: new RegExp(CURRENT) })).toBeVisible()
  await signOut(page)
})

test('on a phone the thread shows at once and the details open with the toggle', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signedInAgent(page)
  await page.goto('agent/tickets/' + tickets[1].reference)
  await expect(page.getByRole('heading', { name: CURRENT })).toBeVisible()
  const first = page.getByRole('tabpanel', { name: /Conversation/ }).getByText(FIRST_MESSAGE)
  await expect(first).toBeVisible()
  await expect(first).toBeInViewport()
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0)
  const card = page.getByRole('region', { name: 'Customer' })
  await expect(card).toBeHidden()
  await shot(page, 'ticket-phone')

  const toggle = page.getByRole('button', { name: 'Details' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await toggle.click()
  await expect(page.getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true')
  await expect(card.getByRole('link', { name: new RegExp(EARLIER) })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Properties' }).getByLabel('Status')).toBeVisible()
  await shot(page, 'ticket-phone-details')
  // The phone's choice is its own and is remembered.
  await page.reload()
  await expect(card.getByRole('link', { name: new RegExp(EARLIER) })).toBeVisible()
  await signOut(page)
})

test.describe('Arabic, right to left', () => {
  test.use({ locale: 'ar-EG' })
  test('the ticket with its customer card fits 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    // The sign-in form speaks Arabic here.
    await page.goto('login')
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
    await page.getByLabel('البريد الإلكتروني', { exact: true }).fill(AGENT.email)
    await page.getByLabel('كلمة المرور', { exact: true }).fill(AGENT.password)
    await page.getByRole('button', { name: 'تسجيل الدخول', exact: true }).click()
    await expect(page).toHaveURL(/\/support\/agent$/)
    await page.goto('agent/tickets/' + tickets[1].reference)
    await expect(page.getByRole('heading', { name: CURRENT })).toBeVisible()
    const toggle = page.locator('.side-toggle')
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click()
    const card = page.getByRole('region', { name: 'العميل' })
    await expect(card.getByRole('link', { name: new RegExp(EARLIER) })).toBeVisible()
    const [scroll, client] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, document.scrollingElement!.clientWidth])
    expect(scroll, 'no horizontal overflow').toBeLessThanOrEqual(client)
    await shot(page, 'ticket-phone-ar')
    await page.locator('.side-toggle').click()
  })
})
