// The audit log: a change an admin makes shows up with who made it and the
// values before and after, and the filters narrow the list.
import { test, expect, shot, signIn } from './fixtures'
import { ADMIN } from './global-setup'

test('an admin finds a new department in the audit log with who made it and its values', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Departments' }).click()
  const name = `Audited ${Date.now()}`
  await page.getByLabel('Department name').fill(name)
  await page.getByRole('button', { name: 'Create department' }).click()
  await expect(page.getByRole('region', { name: 'Departments' }).getByText(name)).toBeVisible()

  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  await page.getByLabel('Entity').selectOption('department')
  await page.getByLabel('Action').fill('created')
  await page.getByRole('button', { name: 'Filter' }).click()
  const entries = page.getByRole('region', { name: 'Audit entries' })
  const row = entries.getByRole('row').filter({ hasText: 'department' }).first()
  await expect(row).toContainText(ADMIN.name)
  await expect(row).toContainText('created')
  await row.getByRole('button', { name: 'Show values' }).click()
  await expect(entries.getByText(name)).toBeVisible()
  await shot(page, 'admin-audit-log', { fullPage: true })

  // A filter nothing matches says so.
  await page.getByLabel('Action').fill('exploded')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page.getByText('Nothing on record')).toBeVisible()
})
