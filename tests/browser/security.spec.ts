// Two-factor sign-in: set up from the Security page, then sign-in asks for
// the authenticator's code; a recovery code works once.
import { test, expect, allowHttpStatus, shot, signIn, signOut, totp } from './fixtures'

const USER = { name: 'Tess Totp', email: 'tess@example.com', password: 'tess-password-1' }

test.describe.configure({ mode: 'serial' })

test('two-factor sign-in: setup, a code at sign-in, a recovery code once', async ({ page }) => {
  await page.goto('register')
  await page.getByLabel('Name').fill(USER.name)
  await page.getByLabel('Email').fill(USER.email)
  await page.getByLabel('Password').fill(USER.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()

  await page.getByRole('button', { name: 'Account menu' }).click()
  await page.getByRole('link', { name: 'Security' }).click()
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible()
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click()
  const secret = (await page.getByLabel(/authenticator app with this key/).inputValue()).replace(/\s/g, '')
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await expect(page.getByRole('link', { name: /^otpauth:\/\/totp\// })).toBeVisible()

  // A wrong code is refused beside the field.
  allowHttpStatus(page, 422)
  await page.getByLabel('Code from your app').fill('000000' === totp(secret) ? '111111' : '000000')
  await page.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByLabel('Code from your app')).toHaveAttribute('aria-invalid', 'true')

  let step = Math.floor(Date.now() / 30_000)
  await page.getByLabel('Code from your app').fill(totp(secret, step))
  await page.getByRole('button', { name: 'Turn on' }).click()
  const codes = page.getByRole('region', { name: 'Recovery codes' }).locator('code')
  await expect(codes).toHaveCount(8)
  const recovery = await codes.first().innerText()
  expect(recovery).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/i)
  await expect(page.locator('.tf-head').getByText('On', { exact: true })).toBeVisible()
  await shot(page, 'security-2fa')

  // The session was replaced; the new CSRF token works for the next write.
  await page.getByRole('link', { name: 'My tickets' }).click()
  await page.getByRole('link', { name: 'New ticket' }).click()
  await page.getByLabel('Subject').fill('Hardware key support?')
  await page.getByLabel('Description').fill('Can I use a hardware key instead of an app?')
  await page.getByRole('button', { name: 'Submit ticket' }).click()
  await expect(page.getByRole('heading', { name: 'Hardware key support?' })).toBeVisible()

  // Sign-in now asks for a code. Codes are single use: take the next step's.
  await signOut(page)
  await signIn(page, USER.email, USER.password)
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible()
  await expect(page.getByLabel('Authentication code')).toBeFocused()
  await shot(page, 'login-2fa')
  step = Math.max(step + 1, Math.floor(Date.now() / 30_000))
  await page.getByLabel('Authentication code').fill(totp(secret, step))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()

  // A recovery code signs in once.
  allowHttpStatus(page, 401)
  for (const attempt of [1, 2]) {
    await signOut(page)
    await signIn(page, USER.email, USER.password)
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click()
    await page.getByLabel('Recovery code').fill(recovery)
    await page.getByRole('button', { name: 'Verify' }).click()
    if (attempt === 1) await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()
  }
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByLabel('Recovery code')).toHaveAttribute('aria-invalid', 'true')
})
