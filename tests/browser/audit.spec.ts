// The audit log: a change an admin makes shows up with who made it and the
// values before and after, and the filters narrow the list.
import { test, expect, shot, signIn, confirmAction } from './fixtures'
import { ADMIN } from './global-setup'

// The tests share one server: this one leaves nothing behind (the tag it
// makes it deletes again), so the others' "nothing yet" states still hold.
test('an admin finds a new tag in the audit log with who made it and its values', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Tags' }).click()
  const name = `audited-${Date.now()}`
  await page.getByLabel('Tag name').fill(name)
  await page.getByRole('button', { name: 'Create tag' }).click()
  await expect(page.getByRole('region', { name: 'Tags' }).getByText(name)).toBeVisible()
  await page.getByRole('button', { name: 'Delete tag ' + name }).click()
  await confirmAction(page)
  await expect(page.getByRole('region', { name: 'Tags' }).getByText(name)).toHaveCount(0)

  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  await page.getByLabel('Entity').selectOption('tag')
  await page.getByLabel('Action').selectOption('created')
  await page.getByRole('button', { name: 'Filter' }).click()
  const entries = page.getByRole('region', { name: 'Audit entries' })
  const row = entries.getByRole('row').filter({ hasText: 'tag' }).first()
  await expect(row).toContainText(ADMIN.name)
  await expect(row).toContainText(`created the tag ${name}`)
  await row.getByRole('button', { name: 'Show values' }).click()
  await expect(entries.locator('pre', { hasText: name })).toBeVisible()
  await shot(page, 'admin-audit-log', { fullPage: true })

  // Its deletion is on record too.
  await page.getByLabel('Action').selectOption('deleted')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(entries.getByRole('row').filter({ hasText: 'deleted' }).first()).toContainText(`${ADMIN.name} deleted the tag ${name}`)

  // A filter nothing matches says so.
  await page.getByLabel('Action').selectOption('published')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page.getByText('Nothing on record')).toBeVisible()
})
