// Webhooks in the browser: a bad URL is refused beside its field; a good
// one, pointing at a receiver this test runs on loopback (allowed by
// ESCALATED_WEBHOOK_ALLOWED_HOSTS in global-setup.ts), shows its secret
// once; a new ticket is delivered, signed, and shows as delivered with its
// attempt; "Retry now" sends it again.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { test, expect, allowHttpStatus, shot, signIn, expectNoHorizontalScroll, confirmAction } from './fixtures'
import { ADMIN } from './global-setup'

interface Received { headers: IncomingHttpHeaders; body: string }
let receiver: Server
let port = 0
const received: Received[] = []

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok":true,"note":"thanks from the test receiver"}')
    })
  })
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok))
  port = (receiver.address() as { port: number }).port
})
test.afterAll(async () => {
  await new Promise((ok) => receiver.close(ok))
})

test('an admin adds a webhook, sees its secret once, and a new ticket is delivered signed', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.getByRole('link', { name: 'Admin', exact: true }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Webhooks' }).click()
  await expect(page).toHaveURL(/\/admin\/webhooks$/)
  await expect(page.getByText('No webhooks')).toBeVisible()

  // Not an http(s) URL: the server's field error sits beside the field.
  const url = page.getByLabel('Payload URL')
  await url.fill('ftp://example.com/hook')
  await page.getByRole('checkbox', { name: 'All events (*)' }).uncheck()
  await page.getByRole('checkbox', { name: 'ticket.created' }).check()
  await page.getByLabel('Description').fill('Test receiver')
  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Create webhook' }).click()
  await expect(url).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#wh-url-error')).toBeVisible()
  await expect(url).toHaveAttribute('aria-describedby', 'wh-url-error')

  const target = `http://127.0.0.1:${port}/hooks/helpdesk`
  await url.fill(target)
  await page.getByRole('button', { name: 'Create webhook' }).click()
  const secret = page.getByLabel('Signing secret', { exact: true })
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/=]+$/)
  await expect(url).not.toHaveAttribute('aria-invalid', 'true')
  const hooks = page.getByRole('region', { name: 'Webhooks' })
  await expect(hooks.getByText(target)).toBeVisible()
  await expect(hooks.getByText('ticket.created', { exact: true })).toBeVisible()
  await shot(page, 'admin-webhooks', { fullPage: true })
  await page.getByRole('button', { name: 'Done' }).click()
  await expect(secret).toHaveCount(0)

  // A new ticket, opened through the API as an integration would.
  const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
  const opened = await page.request.post('tickets', {
    headers: { 'X-CSRF-Token': csrf!, Accept: 'application/json' },
    data: { subject: 'Webhook smoke test', description: 'Does the CRM hear about this?', priority: 'low' },
  })
  expect(opened.status()).toBe(201)
  await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0)
  const got = received[0]
  expect(got.headers['webhook-signature']).toMatch(/^v1,/)
  expect(got.headers['webhook-id']).toBeTruthy()
  expect(JSON.parse(got.body).type).toBe('ticket.created')

  await hooks.getByRole('button', { name: `Deliveries of ${target}` }).click()
  await expect(page).toHaveURL(/deliveries=\d+/)
  const list = page.getByRole('list', { name: 'Deliveries' })
  // Delivered in the background; the view shows it after a reload.
  await expect(async () => {
    await page.reload()
    await expect(list.getByText('Delivered', { exact: true })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 10_000 })
  await expect(list.getByText('ticket.created')).toBeVisible()
  await list.getByRole('button', { name: /^Attempts of delivery/ }).click()
  const attempts = page.getByRole('list', { name: /^Attempts of delivery/ })
  await expect(attempts.getByText('HTTP 200')).toBeVisible()
  await expect(attempts.getByLabel('Response body of attempt 1')).toContainText('thanks from the test receiver')
  await shot(page, 'admin-webhook-deliveries')

  // Retry now: the row turns pending at once, then delivered again.
  const before = received.length
  await list.getByRole('button', { name: /^Retry delivery .* now$/ }).click()
  await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(before)
  expect(received[received.length - 1].headers['webhook-id']).toBe(got.headers['webhook-id'])
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(attempts.getByText('HTTP 200')).toHaveCount(2, { timeout: 1_000 })
  }).toPass({ timeout: 10_000 })

  // Phone width and dark mode.
  await page.setViewportSize({ width: 390, height: 820 })
  await expectNoHorizontalScroll(page)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByRole('button', { name: 'Back to webhooks' }).click()
  await expect(hooks.getByText(target)).toBeVisible()
  await expectNoHorizontalScroll(page)

  // Edit: pause it (optimistic toggle), change the description.
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.emulateMedia({ colorScheme: 'light' })
  const active = hooks.getByRole('checkbox', { name: `Active: ${target}` })
  await active.uncheck()
  await expect(active).not.toBeChecked()
  await page.reload()
  await expect(active).not.toBeChecked()
  await hooks.getByRole('button', { name: `Edit ${target}` }).click()
  await expect(page.getByLabel('Description')).toHaveValue('Test receiver')
  await page.getByLabel('Description').fill('CRM sync')
  await page.getByRole('button', { name: 'Save webhook' }).click()
  await expect(hooks.getByText('CRM sync')).toBeVisible()

  await hooks.getByRole('button', { name: `Delete ${target}` }).click()
  await confirmAction(page)
  await expect(page.getByText('No webhooks')).toBeVisible()
  await page.reload()
  await expect(page.getByText('No webhooks')).toBeVisible()
})
