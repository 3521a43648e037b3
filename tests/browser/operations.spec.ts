// Time rules and integrations in the browser: business hours and an SLA
// policy give new tickets a due time; an automation's bad condition is
// shown beside its row and a dry run lists matches; an API token is shown
// once and revoked; an agent snoozes a ticket out of the queue.
import { test, expect, allowHttpStatus, shot, signIn, expectNoHorizontalScroll, confirmAction } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

test.describe.configure({ mode: 'serial' })

test('an admin sets business hours and an SLA policy; a new ticket gets a due time', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.goto('admin/business-hours')
  await expect(page.getByText('No business hours yet')).toBeVisible()
  await page.getByRole('button', { name: 'New business hours' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Office hours')
  await page.getByLabel('Time zone').fill('Mars/Olympus_Mons')
  // A lunch break on Mondays: two intervals.
  await page.getByLabel('Monday closes (1)').fill('12:00')
  await page.getByRole('button', { name: 'Add hours on Monday' }).click()
  await page.getByLabel('Monday opens (2)').fill('13:00')
  await page.getByLabel('Monday closes (2)').fill('17:00')
  await page.getByRole('button', { name: 'Add holiday' }).click()
  await page.getByLabel('Holiday 1 name').fill('Christmas Day')
  await page.getByLabel('Holiday 1 date').fill('2026-12-25')
  await page.getByRole('checkbox', { name: 'Every year' }).check()

  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Create business hours' }).click()
  await expect(page.getByLabel('Time zone')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#bh-tz-error')).toBeVisible()
  await page.getByLabel('Time zone').fill('Europe/Berlin')
  await shot(page, 'admin-business-hours', { fullPage: true })
  await page.getByRole('button', { name: 'Create business hours' }).click()
  const calendars = page.getByRole('region', { name: 'Business hours' })
  await expect(calendars.getByText('Mon 09:00–12:00, 13:00–17:00')).toBeVisible()

  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'SLA policies' }).click()
  await page.getByRole('button', { name: 'New SLA policy' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Standard')
  await page.getByLabel('Business hours').selectOption({ label: 'Office hours (Europe/Berlin)' })
  await page.getByLabel('First response minutes, High').fill('120')
  await expect(page.getByRole('checkbox', { name: /Default policy/ })).toBeChecked()
  await shot(page, 'admin-sla-policy', { fullPage: true })
  await page.getByRole('button', { name: 'Create SLA policy' }).click()
  const policies = page.getByRole('region', { name: 'SLA policies' })
  await expect(policies.getByText('Standard')).toBeVisible()
  await expect(policies.getByText('Default', { exact: true })).toBeVisible()

  // A new ticket (opened through the API, as an integration would) runs
  // under it at once.
  const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
  const opened = await page.request.post('tickets', {
    headers: { 'X-CSRF-Token': csrf!, Accept: 'application/json' },
    data: { subject: 'Projector in room 4 flickers', description: 'It flickers every few seconds.', priority: 'high' },
  })
  expect(opened.status()).toBe(201)
  await page.getByRole('link', { name: 'Queue' }).click()
  const row = page.getByRole('list', { name: 'Tickets' }).getByRole('link', { name: /Projector in room 4/ })
  await expect(row.getByText(/^Response due in /)).toBeVisible()
  await row.click()
  const sla = page.getByRole('definition').filter({ hasText: /Due in/ })
  await expect(page.locator('.sla-summary').getByText('First response')).toBeVisible()
  await expect(sla.first()).toBeVisible()
})

test('an admin writes an automation: a bad condition is shown beside its row, a dry run lists matches', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.goto('admin/automations')
  await page.getByRole('button', { name: 'New automation' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Printer triage')
  await page.getByRole('checkbox', { name: 'Active' }).uncheck()
  const all = page.getByRole('group', { name: 'All of these', exact: true })
  await expect(all.getByLabel('Field 1')).toHaveValue('status')
  await all.getByRole('button', { name: 'Add condition' }).click()
  await all.getByLabel('Field 2').selectOption('subject')
  // The operators follow the field.
  const ops = await all.getByLabel('Operator 2').locator('option').allTextContents()
  expect(ops).toEqual(['contains', 'does not contain'])
  await page.getByLabel('Action 1 type').selectOption('add_tag')
  await page.getByLabel('Action 1 value').fill('facilities')

  // An empty text is the server's to refuse; its path points at row 2.
  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Create automation' }).click()
  await expect(page.getByText(/^Condition 2: value /)).toBeVisible()
  await expect(page.getByText(/^Condition 1:/)).toHaveCount(0)
  await shot(page, 'admin-automation-error', { fullPage: true })

  await all.getByLabel('Value 2').fill('printer')
  await page.getByRole('button', { name: 'Create automation' }).click()
  const rules = page.getByRole('region', { name: 'Automations' })
  await expect(rules.getByText('Printer triage')).toBeVisible()
  await rules.getByRole('button', { name: 'Dry run Printer triage' }).click()
  const matches = page.getByRole('list', { name: 'Matching tickets' })
  await expect(matches.getByRole('link', { name: /Printer on fire/ })).toBeVisible()
  await expect(matches.getByRole('link')).toHaveCount(1)
  await shot(page, 'admin-automations')

  // The rule list and the editor fit a phone.
  await page.setViewportSize({ width: 390, height: 820 })
  await expectNoHorizontalScroll(page)
  await page.getByRole('button', { name: 'Edit Printer triage' }).click()
  await expect(page.getByRole('group', { name: 'All of these: condition 2' })).toBeVisible()
  await expectNoHorizontalScroll(page)
})

test('an admin creates an API token, sees the secret once, and revokes it', async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.goto('admin/api-tokens')
  await expect(page.getByText('No API tokens')).toBeVisible()
  await page.getByLabel('Token name').fill('Nightly export')
  await page.getByRole('checkbox', { name: /Read tickets/ }).check()
  await page.getByLabel('Expires').selectOption({ label: 'In 30 days' })
  await page.getByRole('button', { name: 'Create token' }).click()
  const secret = page.getByLabel('Token secret')
  await expect(secret).toHaveText(/^esc_[A-Za-z0-9_-]{43}$/)
  const token = (await secret.textContent())!
  await shot(page, 'admin-api-tokens')

  const call = () => request.get('agent/tickets?limit=1', { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
  expect((await call()).status()).toBe(200)

  await page.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByText(token)).toHaveCount(0)
  const tokens = page.getByRole('region', { name: 'API tokens' })
  await expect(tokens.getByText(token.slice(0, 8) + '…')).toBeVisible()
  await tokens.getByRole('button', { name: 'Revoke Nightly export' }).click()
  await confirmAction(page)
  await expect(page.getByText('No API tokens')).toBeVisible()
  expect((await call()).status()).toBe(401)
})

test('an agent snoozes a ticket out of the queue; "include snoozed" shows it', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await page.getByLabel('Search tickets').fill('VAT number')
  await queue.getByRole('link', { name: /wrong VAT number/ }).click()
  await expect(page.getByRole('heading', { name: 'Invoice shows the wrong VAT number' })).toBeVisible()

  await page.getByRole('button', { name: 'Snooze…' }).click()
  await page.getByRole('button', { name: /^Tomorrow 9:00/ }).click()
  const bar = page.getByText(/hidden from the queue until then/)
  await expect(bar).toBeVisible()
  await expect(page.getByText('No tickets match')).toBeVisible()
  await shot(page, 'agent-ticket-snoozed')

  await page.getByRole('checkbox', { name: 'Include snoozed' }).check()
  const row = queue.getByRole('link', { name: /wrong VAT number/ })
  await expect(row.getByText('Snoozed', { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Unsnooze' }).click()
  await expect(bar).toHaveCount(0)
  await expect(row.getByText('Snoozed', { exact: true })).toHaveCount(0)
  await page.getByRole('checkbox', { name: 'Include snoozed' }).uncheck()
  await expect(row).toBeVisible()
})
