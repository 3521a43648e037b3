// Saved views in the order the agent wants: Alt+ArrowUp / Alt+ArrowDown on a
// view in the sidebar moves it within its group (announced to screen
// readers), the order is saved through POST agent/views/order and holds
// after a reload. A fresh agent (unique e-mail) keeps the other specs'
// views out of the list.
import { request as http } from '@playwright/test'
import { test, expect, signIn } from './fixtures'
import { ADMIN } from './global-setup'

test.setTimeout(90_000)

const PASSWORD = 'views-order-password-1'

async function agentWithViews(names: string[]): Promise<string> {
  const email = `views-order-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`
  const admin = await http.newContext({ baseURL: process.env.ESCALATED_BASE + '/' })
  const login = await admin.post('auth/login', { data: { email: ADMIN.email, password: ADMIN.password } })
  expect(login.ok()).toBeTruthy()
  const made = await admin.post('admin/users', {
    data: { name: 'Vera Views', email, password: PASSWORD, roles: ['agent'] },
    headers: { 'X-CSRF-Token': (await login.json()).csrf_token },
  })
  expect(made.ok(), await made.text()).toBeTruthy()
  await admin.dispose()

  const api = await http.newContext({ baseURL: process.env.ESCALATED_BASE + '/' })
  const signedIn = await api.post('auth/login', { data: { email, password: PASSWORD } })
  expect(signedIn.ok()).toBeTruthy()
  const csrf = (await signedIn.json()).csrf_token
  for (const name of names) {
    const r = await api.post('agent/views', { data: { name, query: 'priority:low' }, headers: { 'X-CSRF-Token': csrf } })
    expect(r.ok(), await r.text()).toBeTruthy()
  }
  await api.dispose()
  return email
}

test('saved views move with Alt+Arrow keys, and the order is kept', async ({ page }) => {
  const email = await agentWithViews(['Alpha', 'Bravo', 'Charlie'])
  await signIn(page, email, PASSWORD)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  const mine = page.getByRole('navigation', { name: 'Saved views' }).getByRole('list', { name: 'My views' })
  const names = () => mine.locator('.view-name').allInnerTexts()
  await expect.poll(names).toEqual(['Alpha', 'Bravo', 'Charlie'])

  // The keys are announced on each view.
  const alpha = mine.getByRole('button', { name: /^Alpha/ })
  await expect(alpha).toHaveAttribute('aria-keyshortcuts', 'Alt+ArrowUp Alt+ArrowDown')
  await expect(alpha).toHaveAccessibleDescription(/Alt\+Down arrow moves this view/)

  // Alpha down one: saved, announced, and the focus stays on it.
  const saved = page.waitForResponse((r) => r.url().endsWith('/agent/views/order') && r.request().method() === 'POST')
  await alpha.focus()
  await page.keyboard.press('Alt+ArrowDown')
  expect((await saved).status()).toBe(200)
  await expect.poll(names).toEqual(['Bravo', 'Alpha', 'Charlie'])
  await expect(page.getByRole('status').filter({ hasText: 'Alpha moved to position 2 of 3.' })).toHaveCount(1)
  await expect(mine.getByRole('button', { name: /^Alpha/ })).toBeFocused()

  // Charlie to the top, two steps; the first view cannot go further up.
  const charlie = mine.getByRole('button', { name: /^Charlie/ })
  await charlie.focus()
  await page.keyboard.press('Alt+ArrowUp')
  await expect.poll(names).toEqual(['Bravo', 'Charlie', 'Alpha'])
  await page.keyboard.press('Alt+ArrowUp')
  await expect.poll(names).toEqual(['Charlie', 'Bravo', 'Alpha'])
  await page.keyboard.press('Alt+ArrowUp')
  await expect.poll(names).toEqual(['Charlie', 'Bravo', 'Alpha'])

  // The order is the server's now.
  await expect.poll(async () => {
    const r = await page.request.get('agent/views', { headers: { Accept: 'application/json' } })
    return ((await r.json()).data as { name: string }[]).map((v) => v.name)
  }).toEqual(['Charlie', 'Bravo', 'Alpha'])
  await page.reload()
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await expect.poll(names).toEqual(['Charlie', 'Bravo', 'Alpha'])
})

test('a saved view dragged onto another takes its place', async ({ page }) => {
  const email = await agentWithViews(['One', 'Two', 'Three'])
  await signIn(page, email, PASSWORD)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  const mine = page.getByRole('navigation', { name: 'Saved views' }).getByRole('list', { name: 'My views' })
  const names = () => mine.locator('.view-name').allInnerTexts()
  await expect.poll(names).toEqual(['One', 'Two', 'Three'])
  const saved = page.waitForResponse((r) => r.url().endsWith('/agent/views/order') && r.request().method() === 'POST')
  await mine.getByRole('listitem').filter({ hasText: 'Three' }).dragTo(mine.getByRole('listitem').filter({ hasText: 'One' }))
  expect((await saved).status()).toBe(200)
  await expect.poll(names).toEqual(['Three', 'One', 'Two'])
  await page.reload()
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await expect.poll(names).toEqual(['Three', 'One', 'Two'])
})
