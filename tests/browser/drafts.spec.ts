// Unsent replies are never lost: the composer's text is kept per ticket
// while the agent moves around (j/k, the queue, a reload) and comes back
// on return; sending drops it.
import { test, expect, signIn } from './fixtures'
import { AGENT } from './global-setup'

const FIRST = 'Two-factor codes arrive late'
const SECOND = 'Invoice shows the wrong VAT number'

test.setTimeout(90_000)

test('a half-written reply survives j/k, the queue and a reload, and goes once sent', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await queue.getByRole('link', { name: new RegExp(FIRST) }).click()
  await expect(page.getByRole('heading', { name: FIRST })).toBeVisible()
  const composer = page.getByRole('textbox', { name: /Reply/ })
  await page.keyboard.press('r')
  await composer.fill('Half a thought about the SMS provider')

  // Another ticket from the queue: the draft is kept, and the agent is told.
  await queue.getByRole('link', { name: new RegExp(SECOND) }).click()
  await expect(page.getByRole('heading', { name: SECOND })).toBeVisible()
  await expect(page.getByText(/Unsent reply on ESC-\d+ kept as a draft/)).toBeVisible()
  await expect(composer).toHaveValue('')
  await queue.getByRole('link', { name: new RegExp(FIRST) }).click()
  await expect(page.getByRole('heading', { name: FIRST })).toBeVisible()
  await expect(composer).toHaveValue('Half a thought about the SMS provider')

  // j and k away and back.
  await page.getByRole('heading', { name: FIRST }).click()
  await page.keyboard.press('j')
  await expect(page.getByRole('heading', { name: FIRST })).toHaveCount(0)
  await page.keyboard.press('k')
  await expect(page.getByRole('heading', { name: FIRST })).toBeVisible()
  await expect(composer).toHaveValue('Half a thought about the SMS provider')

  // A fresh page load (the tab was closed, the laptop restarted).
  const url = page.url()
  await page.goto('agent')
  await page.goto(url)
  await expect(page.getByRole('heading', { name: FIRST })).toBeVisible()
  await expect(composer).toHaveValue('Half a thought about the SMS provider')

  // Sent: the draft is gone.
  await composer.fill('We have switched SMS providers; codes should arrive within seconds now.')
  await page.getByRole('button', { name: 'Send reply' }).click()
  await expect(page.getByText('Reply sent')).toBeVisible()
  await queue.getByRole('link', { name: new RegExp(SECOND) }).click()
  await expect(page.getByRole('heading', { name: SECOND })).toBeVisible()
  await queue.getByRole('link', { name: new RegExp(FIRST) }).click()
  await expect(page.getByRole('heading', { name: FIRST })).toBeVisible()
  await expect(composer).toHaveValue('')
})
