// The queue as agents use it all day: its state lives in the URL (reload,
// Back and a pasted link keep it), "Clear filters" resets it, and the
// search box takes what agents type: a ticket number or reference opens
// the ticket, a customer's name lists their tickets.
import { test, expect, signIn } from './fixtures'
import { AGENT } from './global-setup'

test.setTimeout(90_000)

test('filters, search and sort survive a reload, a ticket and Back', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await expect(queue.getByRole('link').first()).toBeVisible()
  await page.getByLabel('Priority').selectOption('high')
  await page.getByLabel('Sort').selectOption('-created_at')
  await page.getByLabel('Search tickets').fill('export')
  await expect(page).toHaveURL(/priority=high/)
  await expect(page).toHaveURL(/q=export/)
  await expect(page).toHaveURL(/sort=-created_at/)
  await expect(queue.getByRole('link')).toHaveCount(1)

  await page.reload()
  await expect(page.getByLabel('Priority')).toHaveValue('high')
  await expect(page.getByLabel('Sort')).toHaveValue('-created_at')
  await expect(page.getByLabel('Search tickets')).toHaveValue('export')
  await expect(queue.getByRole('link')).toHaveCount(1)

  // A pasted link shows the same queue.
  const link = page.url()
  await page.goto('agent')
  await expect(page.getByLabel('Priority')).toHaveValue('')
  await page.goto(link)
  await expect(page.getByLabel('Priority')).toHaveValue('high')
  await expect(queue.getByRole('link', { name: /Export to CSV times out/ })).toBeVisible()

  // Into a ticket and back: the queue is as it was.
  await queue.getByRole('link', { name: /Export to CSV times out/ }).click()
  await expect(page.getByRole('heading', { name: 'Export to CSV times out' })).toBeVisible()
  await expect(page).toHaveURL(/priority=high/)
  await page.goBack()
  await expect(page.getByRole('heading', { name: 'Export to CSV times out' })).toHaveCount(0)
  await expect(page.getByLabel('Search tickets')).toHaveValue('export')
  await expect(page).toHaveURL(/q=export/)

  await page.getByRole('button', { name: 'Clear filters' }).first().click()
  await expect(page.getByLabel('Priority')).toHaveValue('')
  await expect(page.getByLabel('Search tickets')).toHaveValue('')
  await expect(page).not.toHaveURL(/priority=|q=/)
  await expect(page.getByLabel('Sort')).toHaveValue('-created_at')

  // The page cursor too: after "Load more" the URL holds it; a reload opens
  // that page (the rows after the first 25), and leads back to the first.
  await expect(queue.getByRole('link')).toHaveCount(25)
  const firstTwentyFive = await queue.getByRole('link').count()
  await page.getByRole('button', { name: 'Load more' }).click()
  await expect(page).toHaveURL(/cursor=/)
  const all = await queue.getByRole('link').count()
  expect(all).toBeGreaterThan(firstTwentyFive)
  await page.reload()
  await expect(page).toHaveURL(/cursor=/)
  await expect(page.getByLabel('Sort')).toHaveValue('-created_at')
  await expect(queue.getByRole('link')).toHaveCount(all - 25)
  await page.getByRole('button', { name: 'Back to the first page' }).click()
  await expect(queue.getByRole('link')).toHaveCount(25)
  await expect(page).not.toHaveURL(/cursor=/)
  // Another filter starts at the first page.
  await page.getByRole('button', { name: 'Load more' }).click()
  await expect(page).toHaveURL(/cursor=/)
  await page.getByLabel('Priority').selectOption('low')
  await expect(page).not.toHaveURL(/cursor=/)
  await expect(page.getByRole('button', { name: 'Back to the first page' })).toHaveCount(0)
})

test('a ticket number or reference in the search box opens the ticket', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  const row = queue.getByRole('link', { name: /Export to CSV times out/ })
  await expect(row).toBeVisible()
  const reference = (await row.locator('.ref').innerText()).trim()
  const number = String(Number(reference.replace(/^\D+-/, '')))

  const search = page.getByLabel('Search tickets')
  await search.fill(reference)
  await search.press('Enter')
  await expect(page.getByRole('heading', { name: 'Export to CSV times out' })).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${reference}`))

  await page.goto('agent')
  await search.fill(number)
  await search.press('Enter')
  await expect(page.getByRole('heading', { name: 'Export to CSV times out' })).toBeVisible()
})

test("a customer's name lists their tickets", async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await expect(queue.getByRole('link').first()).toBeVisible()
  await page.getByLabel('Search tickets').fill('Mia Wong')
  await expect(queue.getByRole('link', { name: /Invoice shows the wrong VAT number/ })).toBeVisible()
  await expect(queue.getByRole('link', { name: /Export to CSV times out/ })).toHaveCount(0)
  for (const who of await queue.locator('.qi-who').allInnerTexts()) expect(who).toContain('Mia Wong')
})
