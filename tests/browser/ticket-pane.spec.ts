// The agent's ticket pane (issue 15): the attachment icon is drawn, not a
// font glyph; the snooze banner goes once the ticket is resolved.
import type { Page } from '@playwright/test'
import { test, expect, signIn, signOut } from './fixtures'
import { AGENT } from './global-setup'

const SUBJECT = 'Pane walk: label printer skips lines'

async function csrfOf(page: Page) {
  return { Accept: 'application/json', 'X-CSRF-Token': (await page.evaluate(() => localStorage.getItem('escalated.csrf')))! }
}

test('an attachment shows a drawn paperclip; the snooze banner goes once the ticket is resolved', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  const headers = await csrfOf(page)
  const opened = await page.request.post('tickets', {
    headers,
    multipart: {
      subject: SUBJECT, description: 'Every third line is blank.',
      attachments: { name: 'printer-log.txt', mimeType: 'text/plain', buffer: Buffer.from('line 3: skipped\n') },
    },
  })
  expect(opened.status()).toBe(201)
  const ticket = await opened.json()
  const snoozed = await page.request.post(`admin/tickets/${ticket.id}/snooze`, {
    headers, data: { until: new Date(Date.now() + 3 * 24 * 3600_000).toISOString() },
  })
  expect(snoozed.status()).toBe(200)

  await page.goto('agent/tickets/' + ticket.reference)
  await expect(page.getByRole('heading', { name: SUBJECT })).toBeVisible()
  const link = page.getByRole('list', { name: 'Attachments' }).getByRole('link', { name: 'printer-log.txt' })
  await expect(link).toBeVisible()
  await expect(link.locator('svg[aria-hidden="true"]')).toHaveCount(1)
  await expect(link).not.toContainText('📎')

  const banner = page.getByText(/hidden from the queue until then/)
  await expect(banner).toBeVisible()
  await page.getByRole('region', { name: 'Properties' }).getByLabel('Status').selectOption('resolved')
  await expect(page.getByRole('status').getByText('Status: Resolved')).toBeVisible()
  await expect(banner).toHaveCount(0)
  await page.reload()
  await expect(page.getByRole('heading', { name: SUBJECT })).toBeVisible()
  await expect(banner).toHaveCount(0)

  // The layout (the side column, folded on a phone) and its screenshots:
  // customer-pane.spec.ts.
  await signOut(page)
})
