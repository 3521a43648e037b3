// The header's way into the admin panel says where it leads: an agent, whose
// only admin section is the knowledge base (kb.view), gets a "Knowledge base"
// link straight to it; an admin gets "Admin". The articles list filters on
// the server, and its filters live in the URL, so a reload keeps them.
//
// Its articles are its own (titles with "Quillwort"); nothing else counts them.
import type { Page } from '@playwright/test'
import { test, expect, signIn } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

test.describe.configure({ mode: 'serial' })
test.setTimeout(60_000)

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' })
const articleRows = (page: Page) => page.getByRole('region', { name: 'Articles' }).getByRole('row')

test('an admin gets "Admin"; the list filters on the server and a reload keeps the filters', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await expect(mainNav(page).getByRole('link', { name: 'Admin', exact: true })).toBeVisible()
  await expect(mainNav(page).getByRole('link', { name: 'Knowledge base' })).toHaveCount(0)

  const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
  for (const data of [
    { title: 'Quillwort pairing guide', body: 'Pair it.', status: 'published' },
    { title: 'Quillwort battery draft', body: 'Charge it.' },
    { title: 'Quillwort staff notes', body: 'Internal.', status: 'published', audience: 'staff' },
  ]) {
    const r = await page.request.post('admin/kb/articles', {
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf! }, data,
    })
    expect(r.status()).toBe(201)
  }

  await mainNav(page).getByRole('link', { name: 'Admin', exact: true }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Knowledge base' }).click()
  await expect(page.getByRole('heading', { name: 'Knowledge base', level: 2 }).first()).toBeVisible()

  // Words in the title, then a status: the server answers, the URL keeps them.
  await page.getByLabel('Words in the title').fill('quillwort')
  await expect(page).toHaveURL(/[?&]q=quillwort/)
  await expect(articleRows(page)).toHaveCount(4) // the header row and three articles
  await page.getByLabel('Status').selectOption('published')
  await expect(page).toHaveURL(/status=published/)
  await expect(articleRows(page)).toHaveCount(3)
  await page.getByLabel('Audience').selectOption('staff')
  await expect(page).toHaveURL(/audience=staff/)
  await expect(articleRows(page)).toHaveCount(2)
  await expect(articleRows(page).nth(1)).toContainText('Quillwort staff notes')

  await page.reload()
  await expect(page.getByLabel('Words in the title')).toHaveValue('quillwort')
  await expect(page.getByLabel('Status')).toHaveValue('published')
  await expect(page.getByLabel('Audience')).toHaveValue('staff')
  await expect(articleRows(page)).toHaveCount(2)
  await expect(articleRows(page).nth(1)).toContainText('Quillwort staff notes')

  // Opening an article and going back keeps the filters.
  await articleRows(page).nth(1).getByRole('link').click()
  await expect(page.getByRole('heading', { name: 'Edit article' })).toBeVisible()
  await page.getByRole('button', { name: 'Back to the list' }).click()
  await expect(page).toHaveURL(/audience=staff/)
  await expect(page.getByLabel('Audience')).toHaveValue('staff')
  await expect(articleRows(page)).toHaveCount(2)
})

test('an agent gets "Knowledge base", straight to a panel holding only it', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await expect(mainNav(page).getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0)
  await mainNav(page).getByRole('link', { name: 'Knowledge base' }).click()
  await expect(page).toHaveURL(/\/admin\/kb$/)
  await expect(page.getByRole('heading', { name: 'Knowledge base', level: 2 }).first()).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link')).toHaveCount(1)
  await expect(page.getByRole('button', { name: 'New article' })).toHaveCount(0)

  // Its filters survive a reload too.
  await page.getByLabel('Status').selectOption('draft')
  await page.getByLabel('Words in the title').fill('quillwort')
  await expect(page).toHaveURL(/q=quillwort/)
  await expect(articleRows(page)).toHaveCount(2)
  await expect(articleRows(page).nth(1)).toContainText('Quillwort battery draft')
  await page.reload()
  await expect(page.getByLabel('Status')).toHaveValue('draft')
  await expect(articleRows(page)).toHaveCount(2)
  await expect(articleRows(page).nth(1)).toContainText('Quillwort battery draft')
})
