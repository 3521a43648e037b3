// Users and roles: an admin creates an agent account in the browser, puts
// it in a department, and the new agent signs in to the queue.
import { test, expect, allowHttpStatus, shot, signIn, signOut, expectNoHorizontalScroll } from './fixtures'
import { ADMIN } from './global-setup'

const NEW_AGENT = { name: 'Nia Newhire', email: 'nia@example.com', password: 'nia-password-1' }

test('an admin creates an agent in the UI, and the agent signs in', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
  await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible()
  const users = page.getByRole('region', { name: 'Users' })
  await expect(users.getByText(ADMIN.email)).toBeVisible()

  await page.getByRole('button', { name: 'New user' }).click()
  allowHttpStatus(page, 422)
  await page.getByLabel('Full name').fill(NEW_AGENT.name)
  await page.getByLabel('Email address').fill(NEW_AGENT.email)
  await page.getByLabel('Initial password').fill('short')
  await page.getByRole('button', { name: 'Create user' }).click()
  await expect(page.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true')
  await page.getByLabel('Initial password').fill(NEW_AGENT.password)
  await expect(page.getByRole('group', { name: 'Roles' }).getByRole('checkbox', { name: 'Agent', exact: true })).toBeChecked()
  await page.getByRole('button', { name: 'Create user' }).click()
  await expect(users.getByText(NEW_AGENT.email)).toBeVisible()
  await expect(users.getByRole('list', { name: 'Roles of ' + NEW_AGENT.name })).toHaveText('Agent')

  // Her department, set in place.
  await users.getByRole('button', { name: 'Change departments of ' + NEW_AGENT.name }).click()
  await users.getByRole('group', { name: 'Departments of ' + NEW_AGENT.name }).getByRole('checkbox', { name: 'Hardware' }).check()
  await users.getByRole('button', { name: 'Save' }).click()
  await expect(users.getByRole('row', { name: new RegExp(NEW_AGENT.name) }).getByText('Hardware')).toBeVisible()

  // A user who cannot get in is sent the "forgot your password" link.
  await users.getByRole('button', { name: 'Send a password reset link to ' + NEW_AGENT.name }).click()
  await expect(page.getByRole('status').getByText('A link to set a new password is on its way to ' + NEW_AGENT.email)).toBeVisible()

  // The filters narrow the list.
  await page.getByLabel('Role filter').selectOption('agent')
  await expect(users.getByText(ADMIN.email)).toHaveCount(0)
  await expect(users.getByText(NEW_AGENT.email)).toBeVisible()
  await page.getByLabel('Role filter').selectOption('')
  await shot(page, 'admin-users')
  await page.setViewportSize({ width: 390, height: 820 })
  await expectNoHorizontalScroll(page)
  await page.setViewportSize({ width: 1280, height: 800 })

  await signOut(page)
  await signIn(page, NEW_AGENT.email, NEW_AGENT.password)
  await expect(page).toHaveURL(/\/agent$/)
  await expect(page.getByRole('list', { name: 'Tickets' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Account menu' })).toContainText(NEW_AGENT.name)
})
