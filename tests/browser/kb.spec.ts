// The knowledge base in the browser: an admin adds a category and an
// article in the admin panel, previews it as the server renders it,
// publishes it, edits it (a second published version) and reads the diff
// between the two versions; then a customer, typing a new ticket's subject
// in the portal, is offered the article, opens it and says it helped, with
// a comment, which the admin then sees among the article's feedback.
//
// Its category, article and customer are its own; nothing else counts them.
import { test, expect, allowHttpStatus, signIn, signOut, confirmAction } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

const READER = { name: 'Kim Reader', email: 'kim.reader@example.com', password: 'kim-password-1' }
const TITLE = 'Pairing the zephyrscope with a laptop'

test.describe.configure({ mode: 'serial' })
// Long walks, on a machine that may be busy.
test.setTimeout(90_000)

test('an admin writes, previews, publishes and revises an article, and compares the versions', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('admin/kb')
  await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible()

  // A category.
  const categories = page.getByRole('region', { name: 'Categories' })
  await categories.getByLabel('Name', { exact: true }).fill('Devices')
  await categories.getByRole('button', { name: 'Add category' }).click()
  await expect(categories.getByRole('list', { name: 'Categories' }).locator('strong', { hasText: 'Devices' })).toBeVisible()

  // A new article, previewed as the browser approximates it before saving.
  await page.getByRole('button', { name: 'New article' }).click()
  await expect(page.getByRole('heading', { name: 'New article' })).toBeVisible()
  await page.getByLabel('Title').fill(TITLE)
  await page.getByLabel('Category').selectOption({ label: 'Devices' })
  await page.getByLabel('Tags').fill('zephyrscope, pairing')
  await page.getByRole('textbox', { name: 'Body' }).fill('Turn on **Bluetooth** first.\n\nThen hold the pairing button.')
  await page.getByRole('tab', { name: 'Preview' }).click()
  await expect(page.getByText('Unsaved changes')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Preview' }).locator('strong', { hasText: 'Bluetooth' })).toBeVisible()

  // Saved as a draft: the preview is now the server's own rendering.
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByText('Draft saved')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Edit article' })).toBeVisible()
  await expect(page).toHaveURL(/admin\/kb\?article=\d+/)
  const rendered = page.getByTestId('kb-server-preview')
  await expect(rendered.locator('strong', { hasText: 'Bluetooth' })).toBeVisible()
  await expect(page.getByText('Not published yet')).toBeVisible()

  // Published: version 1.
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect(page.getByText('Published as version 1')).toBeVisible()

  // Revised while live: version 2.
  await page.getByRole('tab', { name: 'Write' }).click()
  await page.getByRole('textbox', { name: 'Body' }).fill('Turn on **Bluetooth** first.\n\nThen hold the pairing button for five seconds.')
  await page.getByRole('button', { name: 'Publish changes' }).click()
  await expect(page.getByText('Published as version 2')).toBeVisible()

  // The diff between the two, version 1 to version 2 chosen by default.
  const versions = page.getByRole('region', { name: 'Published versions' })
  await expect(versions.getByRole('listitem')).toHaveCount(2)
  await versions.getByRole('button', { name: 'Compare' }).click()
  const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' })
  await expect(diff.getByText('removed: Then hold the pairing button.')).toBeVisible()
  await expect(diff.getByText('added: Then hold the pairing button for five seconds.')).toBeVisible()

  // The list shows it published, in its category.
  await page.getByRole('button', { name: 'Back to the list' }).click()
  const row = page.getByRole('row', { name: new RegExp(TITLE) })
  await expect(row).toContainText('Published')
  await expect(row).toContainText('Devices')
  await signOut(page)
})

test('a customer is offered the article while typing a subject, opens it and rates it', async ({ page, request }) => {
  expect((await request.post('auth/register', { data: READER, headers: { Accept: 'application/json' } })).status()).toBe(201)
  await signIn(page, READER.email, READER.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help center' })).toBeVisible()

  await page.goto('tickets/new')
  // Typed as one types: the last word is a prefix.
  await page.getByLabel('Subject').pressSequentially('zephyrsc', { delay: 30 })
  const suggested = page.getByRole('region', { name: 'Suggested articles' })
  await expect(suggested.getByRole('link', { name: TITLE })).toBeVisible()
  await suggested.getByRole('link', { name: TITLE }).click()

  await expect(page.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible()
  await expect(page.locator('article strong', { hasText: 'Bluetooth' })).toBeVisible()
  const feedback = page.getByRole('region', { name: 'Was this article helpful?' })
  await feedback.getByRole('button', { name: 'Yes' }).click()
  await expect(feedback.getByText('Thank you for your feedback.')).toBeVisible()
  await expect(feedback.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true')
  await feedback.getByLabel('What helped? (optional)').fill('The five seconds did it.')
  await feedback.getByRole('button', { name: 'Send comment' }).click()
  await expect(feedback.getByText('Thank you, your comment was sent.')).toBeVisible()

  // The help center lists it under its category.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help center' }).click()
  await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Devices' }).click()
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible()
  await signOut(page)

  // Staff see the vote and the comment on the article.
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('admin/kb')
  await page.getByRole('link', { name: TITLE }).click()
  const staffFeedback = page.getByRole('region', { name: 'Feedback' })
  await expect(staffFeedback.getByText('Helpful: 1 · Not helpful: 0')).toBeVisible()
  await expect(staffFeedback.getByText('The five seconds did it.')).toBeVisible()
  await expect(staffFeedback.getByText(READER.name)).toBeVisible()
})

test('an admin arranges the categories tree; an agent reads the knowledge base without its controls', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('admin/kb')
  const categories = page.getByRole('region', { name: 'Categories' })
  const tree = categories.getByRole('list', { name: 'Categories' })
  for (const name of ['Billing', 'Accounts']) {
    await categories.getByLabel('Name', { exact: true }).fill(name)
    await categories.getByRole('button', { name: 'Add category' }).click()
    await expect(tree.locator('strong', { hasText: name })).toBeVisible()
  }
  const names = () => tree.locator('strong').allTextContents()
  await expect.poll(names).toEqual(['Devices', 'Billing', 'Accounts'])

  // Reordered among siblings.
  await categories.getByRole('button', { name: 'Move Accounts up' }).click()
  await expect.poll(names).toEqual(['Devices', 'Accounts', 'Billing'])

  // Renamed in place.
  await categories.getByRole('button', { name: 'Rename Billing' }).click()
  await categories.getByRole('textbox', { name: 'Rename Billing' }).fill('Invoices')
  await categories.getByRole('textbox', { name: 'Rename Billing' }).press('Enter')
  await expect.poll(names).toEqual(['Devices', 'Accounts', 'Invoices'])

  // Moved under another: shown nested after its parent; it cannot move under itself.
  await categories.getByLabel('Move Invoices under').selectOption({ label: 'Accounts' })
  await expect(page.getByText('Category Invoices moved')).toBeVisible()
  await expect(categories.getByLabel('Move Accounts under').locator('option', { hasText: 'Invoices' })).toHaveCount(0)
  const nested = tree.getByRole('listitem').filter({ has: page.locator('strong', { hasText: 'Invoices' }) })
  await expect(nested).toHaveCSS('padding-inline-start', /^[1-9]/)

  // A parent with a subcategory is refused; the leaf goes.
  allowHttpStatus(page, 409)
  await categories.getByRole('button', { name: 'Delete Accounts' }).click()
  await confirmAction(page)
  await expect(page.getByText('The category has subcategories')).toBeVisible()
  await categories.getByRole('button', { name: 'Delete Invoices' }).click()
  await confirmAction(page)
  await expect.poll(names).toEqual(['Devices', 'Accounts'])
  await signOut(page)

  // An agent holds kb.view only: the section is there, read only.
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('admin/kb')
  await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'New article' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Add category' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0)
  await page.getByRole('link', { name: TITLE }).click()
  await expect(page.getByRole('heading', { name: 'Edit article' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveAttribute('readonly', '')
  await expect(page.getByRole('button', { name: /Publish|Unpublish|Save draft/ })).toHaveCount(0)
})
