// The helpdesk's main story in a real browser: a customer asks, an agent
// answers, the customer reopens, an admin sets up a department, and a
// customer cannot wander into staff pages.
import { test, expect, allowHttpStatus, shot, signIn, expectNoHorizontalScroll } from './fixtures'
import { ADMIN, AGENT, SEEDED_OPEN, SEEDED_UNASSIGNED } from './global-setup'

const CUSTOMER = { name: 'Cora Customer', email: 'cora@example.com', password: 'a long password' }
const SUBJECT = 'Printer on fire'

test.describe.configure({ mode: 'serial' })

test('a customer registers, opens a ticket and sees it', async ({ page }) => {
  await page.goto('')
  await expect(page).toHaveURL(/\/support\/login/)
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await shot(page, 'login')

  await page.getByRole('link', { name: 'Create an account' }).click()
  await page.getByLabel('Name').fill(CUSTOMER.name)
  await page.getByLabel('Email').fill(CUSTOMER.email)
  await page.getByLabel('Password').fill(CUSTOMER.password)
  await page.getByRole('button', { name: 'Create account' }).click()

  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()
  await expect(page.getByText('No tickets here')).toBeVisible()
  await page.getByRole('link', { name: 'New ticket' }).click()

  // The server's field errors show beside the fields.
  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Submit ticket' }).click()
  await expect(page.getByText('Subject is required')).toBeVisible()
  await expect(page.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel('Subject').fill(SUBJECT)
  await page.getByLabel('Description').fill('Smoke is coming out of the printer on the second floor.')
  await page.getByLabel('Priority').selectOption('urgent')
  await page.getByRole('button', { name: 'Submit ticket' }).click()

  await expect(page.getByRole('heading', { name: SUBJECT })).toBeVisible()
  await expect(page.getByText('Open', { exact: true })).toBeVisible()
  await expect(page.getByText('Smoke is coming out of the printer')).toBeVisible()

  await page.getByRole('link', { name: 'My tickets' }).first().click()
  await expect(page.getByRole('link', { name: new RegExp(SUBJECT) })).toBeVisible()
  await shot(page, 'customer-portal')

  await page.setViewportSize({ width: 390, height: 800 })
  await expectNoHorizontalScroll(page)
})

test('a customer cannot reach agent or admin pages', async ({ page }) => {
  await signIn(page, CUSTOMER.email, CUSTOMER.password)
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Queue' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0)
  for (const path of ['agent', 'admin/departments', 'admin/settings']) {
    await page.goto(path)
    await expect(page.getByRole('heading', { name: "You can't open that page" })).toBeVisible()
  }
  // The API refuses too, whatever the page shows.
  const r = await page.request.get('agent/tickets', { headers: { Accept: 'application/json' } })
  expect(r.status()).toBe(403)
})

test('an agent finds the ticket in the queue, replies and resolves it', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page).toHaveURL(/\/support\/agent$/)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await expect(queue.getByRole('link', { name: new RegExp(SUBJECT) })).toBeVisible()
  await expect(page.getByRole('button', { name: `Unassigned ${SEEDED_UNASSIGNED + 1}` })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Assigned to me 1' })).toBeVisible()
  await shot(page, 'agent-queue')

  // Cursor paging: 25 a page, then "Load more".
  await expect(page.getByRole('button', { name: `All open ${SEEDED_OPEN + 1}` })).toBeVisible()
  await expect(queue.getByRole('link')).toHaveCount(25)
  await page.getByRole('button', { name: 'Load more' }).click()
  await expect(queue.getByRole('link')).toHaveCount(SEEDED_OPEN + 1)
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0)
  // The panes scroll; the page itself does not.
  const pageOverflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)
  expect(pageOverflow).toBeLessThanOrEqual(0)

  // The text filter narrows the queue.
  await page.getByLabel('Search tickets').fill('no such words anywhere')
  await expect(page.getByText('No tickets match')).toBeVisible()
  await page.getByLabel('Search tickets').fill('printer')
  await expect(queue.getByRole('link', { name: new RegExp(SUBJECT) })).toBeVisible()
  const filters = page.getByRole('region', { name: 'Filters' })
  await filters.getByLabel('Priority').selectOption('urgent')
  await expect(queue.getByRole('link')).toHaveCount(1)

  // Escape leaves the field; j opens the first ticket.
  await page.getByLabel('Search tickets').focus()
  await page.keyboard.press('Escape')
  await page.keyboard.press('j')
  await expect(page.getByRole('heading', { name: SUBJECT })).toBeVisible()
  const props = page.getByRole('region', { name: 'Properties' })
  await props.getByRole('button', { name: 'Take it' }).click()
  await expect(props.getByLabel('Assignee')).toHaveValue(/\d+/)
  await expect(props.getByRole('button', { name: 'Take it' })).toHaveCount(0)

  // n: an internal note, set apart from replies.
  await page.keyboard.press('n')
  await expect(page.getByLabel('Internal note')).toBeFocused()
  await page.keyboard.type('Facilities say the extinguisher is in the hall.')
  await page.getByRole('button', { name: 'Add note' }).click()
  await expect(page.getByRole('article', { name: 'Internal note from Sam Agent' })).toBeVisible()

  // r: a public reply.
  await page.keyboard.press('r')
  await expect(page.getByLabel('Reply to customer')).toBeFocused()
  await page.keyboard.type('Please step away from the printer; **help is on the way**.')
  // The Markdown preview, then back to writing.
  await page.getByRole('button', { name: 'Preview' }).click()
  await expect(page.getByRole('region', { name: 'Preview' }).locator('strong', { hasText: 'help is on the way' })).toBeVisible()
  await page.getByRole('button', { name: 'Preview' }).click()
  await page.getByLabel('Reply to customer').focus()
  await page.keyboard.press('Control+Enter')
  await expect(page.getByRole('article', { name: 'Reply from Sam Agent' })).toBeVisible()

  // Tags and the department picker.
  await props.getByLabel('Tags').fill('fire')
  await props.getByLabel('Tags').press('Enter')
  await expect(page.getByRole('button', { name: 'Remove tag fire' })).toBeVisible()

  // Only allowed moves are offered; resolve.
  const options = await props.getByLabel('Status').locator('option').allTextContents()
  expect(options).toContain('Resolved')
  expect(options).not.toContain('Reopened')
  await props.getByLabel('Status').selectOption('resolved')
  await expect(page.locator('.tv-chips').getByText('Resolved')).toBeVisible()
  await page.getByRole('tab', { name: /Activity/ }).click()
  await expect(page.getByText(/changed the status from .+ to Resolved/)).toBeVisible()
  await page.getByRole('tab', { name: /Conversation/ }).click()
  await shot(page, 'agent-ticket')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot(page, 'agent-ticket-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // The shortcut list.
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('the customer sees the reply, not the note, and reopens', async ({ page }) => {
  await signIn(page, CUSTOMER.email, CUSTOMER.password)
  await page.getByRole('button', { name: 'All', exact: true }).click()
  await page.getByRole('link', { name: new RegExp(SUBJECT) }).click()
  await expect(page.getByText('Please step away from the printer')).toBeVisible()
  // Markdown, rendered and sanitised by the server.
  await expect(page.locator('strong', { hasText: 'help is on the way' })).toBeVisible()
  await expect(page.getByText('extinguisher is in the hall')).toHaveCount(0)
  await expect(page.getByText('Resolved', { exact: true })).toBeVisible()
  await shot(page, 'customer-ticket')
  await page.getByRole('button', { name: 'Reopen ticket' }).click()
  await expect(page.getByText('Reopened', { exact: true })).toBeVisible()
  await page.getByLabel('Your reply').fill('It is smoking again.')
  await page.getByRole('button', { name: 'Send reply' }).click()
  await expect(page.getByRole('article', { name: 'Reply from Cora Customer' })).toBeVisible()
})

test('an admin creates a department and sees the users', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.getByRole('link', { name: 'Admin' }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Departments' }).click()
  await expect(page.getByRole('heading', { name: 'New department' })).toBeVisible()
  await expect(page.getByText('No departments yet')).toBeVisible()

  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Create department' }).click()
  await expect(page.getByLabel('Department name')).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel('Department name').fill('Hardware')
  await page.getByLabel('Description').fill('Printers, laptops and anything that smokes')
  await page.getByRole('button', { name: 'Create department' }).click()
  await expect(page.getByRole('cell', { name: 'Hardware', exact: true })).toBeVisible()
  await shot(page, 'admin-departments')

  // Users: the account list (or, on a server without /admin/users, the team).
  allowHttpStatus(page, 404)
  await page.getByRole('link', { name: 'Users' }).click()
  await expect(page.getByText(AGENT.email)).toBeVisible()
  await page.getByRole('link', { name: 'Workflow' }).click()
  await expect(page.getByRole('checkbox', { name: 'Open to Resolved' })).toBeVisible()
  await shot(page, 'admin-workflow')

  // The new department is a choice on the ticket at once.
  await page.getByRole('link', { name: 'Queue' }).click()
  await page.getByRole('link', { name: new RegExp(SUBJECT) }).click()
  await page.getByRole('region', { name: 'Properties' }).getByLabel('Department').selectOption({ label: 'Hardware' })
  await page.getByRole('tab', { name: /Activity/ }).click()
  await expect(page.getByText(/moved the ticket from none to Hardware/)).toBeVisible()
})

test('the workspace fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 820 })
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('list', { name: 'Tickets' })).toBeVisible()
  await expectNoHorizontalScroll(page)
  await shot(page, 'phone-queue')
  await page.getByRole('list', { name: 'Tickets' }).getByRole('link').first().click()
  await expect(page.getByRole('link', { name: '← Back to the queue' })).toBeVisible()
  await expectNoHorizontalScroll(page)
  await shot(page, 'phone-ticket')
})
