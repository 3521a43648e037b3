// "Forgot your password?": the sign-in page leads to the request form, whose
// answer does not tell whether the address has an account; a reset link's
// page takes the token out of the address bar, checks the two passwords
// agree, and says plainly when a link no longer works. (The mail itself and
// a working link are covered by the HTTP tests, which have an SMTP server.)
import { test, expect, allowHttpStatus, shot } from './fixtures'

test('a customer asks for a reset link; a stale link says so and offers a new one', async ({ page }) => {
  await page.goto('login')
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible()
  await page.getByLabel('Email').fill('dev@example.com')
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your mail' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'dev@example.com' })).toBeVisible()
  await shot(page, 'forgot-password')

  await page.goto('reset-password?token=not-a-real-token')
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await expect(page).not.toHaveURL(/token=/)
  await page.getByLabel('New password').fill('a-new-password-1')
  await page.getByLabel('Repeat it').fill('a-different-one-2')
  await page.getByRole('button', { name: 'Set password' }).click()
  await expect(page.getByText('The two passwords differ')).toBeVisible()

  allowHttpStatus(page, 422)
  await page.getByLabel('Repeat it').fill('a-new-password-1')
  await page.getByRole('button', { name: 'Set password' }).click()
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible()
  await page.getByRole('link', { name: 'Ask for a new link' }).click()
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible()
})
