// A user's language and time zone live on their account: chosen on the
// Security page (or from the language menu once signed in), they follow the
// user to another browser whose own language says otherwise.
import { test, expect, signIn } from './fixtures'

const USER = { name: 'Lina Locale', email: 'lina.locale@example.com', password: 'lina-password-1' }

test('language and time zone are kept on the account and follow the user to another browser', async ({ page, browser, request, baseURL }) => {
  expect((await request.post('auth/register', { data: USER, headers: { Accept: 'application/json' } })).status()).toBe(201)
  await signIn(page, USER.email, USER.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('security')
  const prefs = page.getByRole('region', { name: 'Language and time zone' })
  await prefs.getByLabel('Language').selectOption('de')
  await prefs.getByLabel('Time zone').selectOption('Asia/Tokyo')
  await prefs.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('region', { name: 'Sprache und Zeitzone' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  // Saving again says so again: the same message merges into the one shown,
  // with a count, instead of stacking a second toast.
  const toasts = page.getByRole('status').locator('.toast')
  await expect(toasts).toHaveCount(1)
  await page.getByRole('region', { name: 'Sprache und Zeitzone' }).getByRole('button', { name: 'Speichern' }).click()
  await expect(toasts).toHaveCount(1)
  await expect(toasts.first()).toContainText('Sprache und Zeitzone gespeichert×2')
  const me = await (await page.request.get('auth/me', { headers: { Accept: 'application/json' } })).json()
  expect(me.user.locale).toBe('de')
  expect(me.user.timezone).toBe('Asia/Tokyo')

  // Another browser, in English: signing in brings the account's German.
  const other = await browser.newContext({ baseURL, locale: 'en-US' })
  const second = await other.newPage()
  await signIn(second, USER.email, USER.password)
  await expect(second.getByRole('button', { name: 'Kontomenü' })).toBeVisible()
  await expect(second.locator('html')).toHaveAttribute('lang', 'de')

  // The header's language menu, signed in, changes the account too.
  await second.getByLabel('Sprache', { exact: true }).first().selectOption('fr')
  await expect(second.locator('html')).toHaveAttribute('lang', 'fr')
  await expect.poll(async () => (await (await second.request.get('auth/me', { headers: { Accept: 'application/json' } })).json()).user.locale).toBe('fr')
  await other.close()
})
