// Risky actions ask first, in the app's own dialog (web/src/confirm.ts), not
// the browser's confirm(): deactivating a user and closing a ticket. The
// dialog is an alertdialog; focus starts on Cancel, stays inside, Escape
// cancels, and focus goes back to what opened it.
import type { Page } from '@playwright/test'
import { test, expect, signIn, signOut } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

const PERSON = { name: 'Cora Confirm', email: 'cora.confirm@example.com', password: 'cora-password-1' }
const json = { Accept: 'application/json' }

async function csrfOf(page: Page) {
  return { ...json, 'X-CSRF-Token': (await page.evaluate(() => localStorage.getItem('escalated.csrf')))! }
}
async function activeOnServer(page: Page, email: string) {
  const r = await page.request.get('admin/users?q=' + encodeURIComponent(email), { headers: json })
  expect(r.status()).toBe(200)
  return ((await r.json()).data as { email: string; active: boolean }[]).find((u) => u.email === email)?.active
}

test('deactivating a user asks first: Cancel and Escape leave them active, Deactivate deactivates', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  const created = await page.request.post('admin/users', { headers: await csrfOf(page), data: { ...PERSON, roles: ['agent'] } })
  expect(created.status()).toBe(201)

  await page.goto('admin/users?q=' + encodeURIComponent(PERSON.email))
  const users = page.getByRole('region', { name: 'Users' })
  const box = users.getByRole('checkbox', { name: 'Active: ' + PERSON.name })
  await expect(box).toBeChecked()
  const dialog = page.getByRole('alertdialog', { name: `Deactivate ${PERSON.name}?` })

  // Cancel: nothing changes, and focus is back on the checkbox.
  await box.click()
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAttribute('aria-modal', 'true')
  await expect(dialog).toHaveAccessibleDescription(/signed out everywhere/)
  const cancel = dialog.getByRole('button', { name: 'Cancel' })
  await expect(cancel).toBeFocused()
  // Focus stays inside: Tab and Shift+Tab go round its two buttons.
  await page.keyboard.press('Tab')
  await expect(dialog.getByRole('button', { name: 'Deactivate' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(cancel).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(dialog.getByRole('button', { name: 'Deactivate' })).toBeFocused()
  await cancel.click()
  await expect(dialog).toHaveCount(0)
  await expect(box).toBeChecked()
  await expect(box).toBeFocused()
  expect(await activeOnServer(page, PERSON.email)).toBe(true)

  // Escape cancels too.
  await box.click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(box).toBeChecked()
  await expect(box).toBeFocused()
  expect(await activeOnServer(page, PERSON.email)).toBe(true)

  // Deactivate does it.
  await box.click()
  await dialog.getByRole('button', { name: 'Deactivate' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('status').getByText(`${PERSON.name} deactivated`)).toBeVisible()
  await expect(box).not.toBeChecked()
  await expect.poll(() => activeOnServer(page, PERSON.email)).toBe(false)

  // Reactivating is harmless and does not ask.
  await box.click()
  await expect(dialog).toHaveCount(0)
  await expect.poll(() => activeOnServer(page, PERSON.email)).toBe(true)
  await signOut(page)
})

test('closing a ticket asks first; Escape keeps its status', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  const opened = await page.request.post('tickets', {
    headers: await csrfOf(page), data: { subject: 'Confirm walk: badge reader beeps', description: 'It beeps twice and stays red.' },
  })
  expect(opened.status()).toBe(201)
  const ticket = await opened.json()
  await page.goto('agent/tickets/' + ticket.reference)
  await expect(page.getByRole('heading', { name: 'Confirm walk: badge reader beeps' })).toBeVisible()
  const status = page.getByRole('region', { name: 'Properties' }).getByLabel('Status')
  await expect(status).toHaveValue('open')

  const dialog = page.getByRole('alertdialog', { name: `Close ticket ${ticket.reference}?` })
  await status.selectOption('closed')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  // The workspace's shortcuts do not act behind the dialog.
  await page.keyboard.press('e')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(status).toHaveValue('open')
  await expect(status).toBeFocused()

  await status.selectOption('closed')
  await dialog.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(page.getByRole('status').getByText('Status: Closed')).toBeVisible()
  await expect(status).toHaveValue('closed')
  await signOut(page)
})
