// Customer satisfaction in the browser: an agent resolves a customer's
// ticket, the customer rates it in the portal ("How did we do?", five
// star radio buttons, a comment) and changes the rating, staff see it on
// the ticket, and an admin reads it in the Satisfaction report.
//
// It uses a customer and a ticket of its own, and leaves the ticket
// resolved: tests that count open or unassigned tickets run before it, and
// none after it counts tickets or ratings.
import { test, expect, shot, signIn, signOut, expectNoHorizontalScroll } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

const RATER = { name: 'Rae Rating', email: 'rae@example.com', password: 'rae-password-1' }
const SUBJECT = 'Scanner jams on duplex'

test.describe.configure({ mode: 'serial' })

let reference = ''

test('an agent resolves a customer\'s ticket and the customer rates it in the portal', async ({ page, request }) => {
  // The customer signs up and opens a ticket, as an API client would.
  const json = { Accept: 'application/json' }
  expect((await request.post('auth/register', { data: RATER, headers: json })).status()).toBe(201)
  await signIn(page, RATER.email, RATER.password)
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()
  const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
  const opened = await page.request.post('tickets', {
    headers: { ...json, 'X-CSRF-Token': csrf! },
    data: { subject: SUBJECT, description: 'Every two-sided scan jams on the second page.' },
  })
  expect(opened.status()).toBe(201)
  const ticket = await opened.json()
  reference = ticket.reference

  // Not rateable while open.
  await page.goto('tickets/' + reference)
  await expect(page.getByRole('heading', { name: SUBJECT })).toBeVisible()
  await expect(page.getByText('How did we do?')).toHaveCount(0)

  // The agent assigns it to themself and resolves it (their own API session).
  const login = await request.post('auth/login', { data: { email: AGENT.email, password: AGENT.password }, headers: json })
  expect(login.status()).toBe(200)
  const { csrf_token: agentCsrf, user: agent } = await login.json()
  const asAgent = { headers: { ...json, 'X-CSRF-Token': agentCsrf } }
  expect((await request.post(`agent/tickets/${ticket.id}/assign`, { ...asAgent, data: { agent_id: agent.id } })).status()).toBe(200)
  expect((await request.post(`agent/tickets/${ticket.id}/status`, { ...asAgent, data: { status: 'resolved' } })).status()).toBe(200)

  // The portal follows live; a reload makes the test independent of timing.
  await page.reload()
  const card = page.getByRole('region', { name: 'How did we do?' })
  await expect(card).toBeVisible()
  const stars = card.getByRole('radiogroup', { name: 'How did we do?' })
  await expect(stars.getByRole('radio')).toHaveCount(5)

  // Submitting without a choice says what is missing, without a request.
  await card.getByRole('button', { name: 'Submit' }).click()
  await expect(card.getByText('Rating is required')).toBeVisible()

  // The keyboard moves between the stars like any radio group.
  await stars.getByRole('radio', { name: '3 out of 5' }).check()
  await expect(card.getByText('Rating is required')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(stars.getByRole('radio', { name: '4 out of 5' })).toBeChecked()
  await card.getByLabel('Comment (optional)').fill('Quick and friendly, thanks!')
  await shot(page, 'portal-rating')
  await card.getByRole('button', { name: 'Submit' }).click()

  const done = page.getByRole('region', { name: 'Your feedback' })
  await expect(done.getByText('You rated this 4/5')).toBeVisible()
  await expect(done.getByRole('img', { name: '4 out of 5' })).toBeVisible()
  await expect(done.getByText('Quick and friendly, thanks!')).toBeVisible()

  // Changing it replaces the rating; the form starts from the current one.
  await done.getByRole('button', { name: 'Change' }).click()
  await expect(stars.getByRole('radio', { name: '4 out of 5' })).toBeChecked()
  await stars.getByRole('radio', { name: '5 out of 5' }).check()
  await card.getByRole('button', { name: 'Submit' }).click()
  await expect(done.getByText('You rated this 5/5')).toBeVisible()

  // It is stored: a fresh load shows it.
  await page.reload()
  await expect(page.getByRole('region', { name: 'Your feedback' }).getByText('You rated this 5/5')).toBeVisible()
  await page.setViewportSize({ width: 390, height: 800 })
  await expectNoHorizontalScroll(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await signOut(page)
})

test('staff see the rating on the ticket and an admin reads the Satisfaction report', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.goto('agent/tickets/' + reference)
  const details = page.getByRole('region', { name: 'Properties' })
  await expect(details.getByRole('group', { name: 'Satisfaction' })).toContainText('5/5')
  await expect(details.getByText('Quick and friendly, thanks!')).toBeVisible()
  await shot(page, 'agent-ticket-rated')
  await page.getByRole('tab', { name: /Activity/ }).click()
  await expect(page.getByRole('list', { name: 'Activity' })).toContainText(`${RATER.name} rated the ticket 5/5 (was 4/5)`)

  await page.goto('admin')
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Satisfaction' }).click()
  await expect(page).toHaveURL(/\/admin\/satisfaction$/)
  await expect(page.getByRole('heading', { name: 'Satisfaction' })).toBeVisible()
  // Nobody else rated anything on this server: one rating, a 5.
  await expect(page.getByTestId('csat-count')).toHaveText('1')
  await expect(page.getByTestId('csat-average')).toHaveText('5.00')
  await expect(page.getByTestId('csat-percent')).toHaveText('100.0%')
  await expect(page.getByRole('meter', { name: '5 out of 5' })).toHaveAttribute('aria-valuenow', '1')
  await expect(page.getByRole('meter', { name: '4 out of 5' })).toHaveAttribute('aria-valuenow', '0')
  const agents = page.getByRole('region', { name: 'By agent' })
  await expect(agents.getByRole('row', { name: /Sam Agent/ })).toContainText('5.00')
  const recent = page.getByRole('region', { name: 'Recent ratings' })
  await expect(recent.getByText(SUBJECT)).toBeVisible()
  await expect(recent.getByText('Quick and friendly, thanks!')).toBeVisible()
  await shot(page, 'admin-satisfaction', { fullPage: true })

  // A period without ratings shows the empty state; clearing brings it back.
  await page.getByLabel('From').fill('2020-01-01')
  await page.getByLabel('To').fill('2020-01-31')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByText('No ratings yet')).toBeVisible()
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(page.getByTestId('csat-count')).toHaveText('1')
})
