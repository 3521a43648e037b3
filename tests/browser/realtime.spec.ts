// Live updates in the browser (the server runs with ESCALATED_REAL_TIME=1):
// what one user does shows on another user's open screen without a reload,
// agents see who else has a ticket open, and files travel with messages.
import { type Browser, type Page } from '@playwright/test'
import { test, expect, signIn } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

const LIVE_CUSTOMER = { name: 'Lena Live', email: 'lena@example.com', password: 'lena-password-1' }

test.describe.configure({ mode: 'serial' })

// A second signed-in user in a browser context of its own, whose console
// must stay clean too.
async function secondUser(browser: Browser, baseURL: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
  page.on('pageerror', (e) => problems.push(e.message))
  await signIn(page, email, password)
  return {
    page,
    async done() {
      expect(problems, 'the second browser console stays clean').toEqual([])
      await context.close()
    },
  }
}

async function openTicketAsAgent(page: Page, subject: string) {
  const queue = page.getByRole('list', { name: 'Tickets' })
  await queue.getByRole('link', { name: new RegExp(subject) }).click()
  await expect(page.getByRole('heading', { name: subject })).toBeVisible()
}

test('a customer opens a ticket with a file, and downloads it again', async ({ page }) => {
  await page.goto('register')
  await page.getByLabel('Name').fill(LIVE_CUSTOMER.name)
  await page.getByLabel('Email').fill(LIVE_CUSTOMER.email)
  await page.getByLabel('Password').fill(LIVE_CUSTOMER.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByRole('link', { name: 'New ticket' }).click()
  await page.getByLabel('Subject').fill('Scanner jams on page two')
  await page.getByLabel('Description').fill('The log is attached.')
  await page.getByLabel('Attach files').setInputFiles({
    name: 'scanner-log.txt', mimeType: 'text/plain', buffer: Buffer.from('jam at sheet 2\n'),
  })
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText('scanner-log.txt')
  await page.getByRole('button', { name: 'Submit ticket' }).click()
  await expect(page.getByRole('heading', { name: 'Scanner jams on page two' })).toBeVisible()
  const link = page.getByRole('link', { name: /scanner-log\.txt/ })
  await expect(link).toBeVisible()
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  expect(download.suggestedFilename()).toBe('scanner-log.txt')
  const path = await download.path()
  const { readFileSync } = await import('node:fs')
  expect(readFileSync(path!, 'utf8')).toBe('jam at sheet 2\n')
})

test('the agent sees new tickets and customer replies live, with who else is looking', async ({ page, browser, baseURL }) => {
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await expect(queue.getByRole('link', { name: /Scanner jams/ })).toBeVisible()

  // A customer opens a ticket elsewhere: it appears in the queue by itself.
  const customer = await secondUser(browser, baseURL!, LIVE_CUSTOMER.email, LIVE_CUSTOMER.password)
  await customer.page.getByRole('link', { name: 'New ticket' }).click()
  await customer.page.getByLabel('Subject').fill('Badge reader offline')
  await customer.page.getByLabel('Description').fill('The door on floor 3 does not open.')
  await customer.page.getByRole('button', { name: 'Submit ticket' }).click()
  await expect(customer.page.getByRole('heading', { name: 'Badge reader offline' })).toBeVisible()
  await expect(queue.getByRole('link', { name: /Badge reader offline/ })).toBeVisible()

  // The agent has the ticket open; the customer's reply shows without a reload.
  await openTicketAsAgent(page, 'Badge reader offline')
  await customer.page.getByLabel('Your reply').fill('Floor 4 too, now.')
  await customer.page.getByRole('button', { name: 'Send reply' }).click()
  await expect(page.getByRole('article', { name: `Reply from ${LIVE_CUSTOMER.name}` })).toContainText('Floor 4 too')

  // The agent answers with a file; the customer's open page shows both.
  await page.getByLabel('Reply to customer').fill('A technician is on the way.')
  await page.getByLabel('Attach files').setInputFiles({
    name: 'visit.txt', mimeType: 'text/plain', buffer: Buffer.from('visit at 14:00\n'),
  })
  await page.getByRole('button', { name: 'Send reply' }).click()
  const answer = customer.page.getByRole('article', { name: `Reply from ${AGENT.name}` })
  await expect(answer).toContainText('A technician is on the way.')
  await expect(answer.getByRole('link', { name: /visit\.txt/ })).toBeVisible()
  await customer.done()

  // A colleague opens the same ticket: both see the collision warning.
  const admin = await secondUser(browser, baseURL!, ADMIN.email, ADMIN.password)
  await openTicketAsAgent(admin.page, 'Badge reader offline')
  await expect(page.getByRole('status').filter({ hasText: `${ADMIN.name} is also viewing this ticket` })).toBeVisible()
  await expect(admin.page.getByRole('status').filter({ hasText: `${AGENT.name} is also viewing this ticket` })).toBeVisible()
  // The colleague leaves: the warning goes.
  await admin.done()
  await expect(page.getByText('is also viewing this ticket')).toHaveCount(0)
})
