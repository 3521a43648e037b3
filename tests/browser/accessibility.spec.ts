// axe-core (WCAG 2.1 A and AA rules) on every main page state, once as the
// light system preference chooses and once as the dark one does: no page
// may carry a serious or critical violation.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect, allowHttpStatus, signIn, signOut } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

const CUSTOMER = { email: 'dev@example.com', password: 'dev-password-1' }
const ADMIN_SECTIONS = [
  'users', 'roles', 'departments', 'tags', 'settings', 'business-hours', 'sla-policies',
  'escalation-rules', 'automations', 'api-tokens', 'webhooks', 'email', 'audit', 'satisfaction', 'macros',
]

async function expectNoSeriousViolations(page: Page, state: string) {
  // Wait for the page's data, not a fixed time: no loading indicator left.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  await page.evaluate(() => document.fonts.ready)
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary ?? '').split('\n').slice(1, 2).join('')).join(' | ')}`)
  expect.soft(bad, `axe on ${state}`).toEqual([])
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme })
    // axe takes a second or two a page.
    test.setTimeout(120_000)

    test('signed-out pages', async ({ page }) => {
      for (const path of ['login', 'register', 'forgot-password', 'reset-password?token=x']) {
        await page.goto(path)
        await expect(page.locator('h1')).toBeVisible()
        await expectNoSeriousViolations(page, `${path} (${scheme})`)
      }
      // A failed sign-in shows its alert.
      await page.goto('login')
      await page.getByLabel('Email').fill('nobody@example.com')
      await page.getByLabel('Password').fill('wrong password')
      allowHttpStatus(page, 401)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page.getByRole('alert')).toBeVisible()
      await expectNoSeriousViolations(page, `login with an error (${scheme})`)
      await page.goto('no/such/page')
      await expect(page.locator('h1')).toBeVisible()
      await expectNoSeriousViolations(page, `404 (${scheme})`)
      // A guest's pages: "find my ticket", and a magic link that does not
      // work (guests are off on this server: every link is 404).
      await page.goto('guest/find')
      await expect(page.locator('h1')).toBeVisible()
      await expectNoSeriousViolations(page, `find my ticket (${scheme})`)
      allowHttpStatus(page, 404)
      await page.goto(`guest/ticket?token=${'A'.repeat(43)}`)
      await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible()
      await expectNoSeriousViolations(page, `a wrong guest link (${scheme})`)
    })

    test('customer portal', async ({ page }) => {
      await signIn(page, CUSTOMER.email, CUSTOMER.password)
      await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible()
      await expectNoSeriousViolations(page, `portal list (${scheme})`)
      await page.getByRole('link', { name: /Export to CSV times out/ }).click()
      await expect(page.getByRole('heading', { name: 'Export to CSV times out' })).toBeVisible()
      await expectNoSeriousViolations(page, `portal ticket (${scheme})`)
      await page.goto('tickets/new')
      await expect(page.getByRole('heading', { name: 'Open a ticket' })).toBeVisible()
      await expectNoSeriousViolations(page, `portal new ticket (${scheme})`)
      await page.goto('help')
      await expect(page.getByRole('heading', { name: 'Help center' })).toBeVisible()
      await page.getByLabel('Search the help center').fill('zzzqx')
      await expect(page.getByText('No articles match.')).toBeVisible()
      await expectNoSeriousViolations(page, `help center (${scheme})`)
      await page.goto('security')
      await expect(page.locator('h1')).toBeVisible()
      await expectNoSeriousViolations(page, `security (${scheme})`)
      await page.goto('agent')
      await expect(page.getByRole('heading', { name: "You can't open that page" })).toBeVisible()
      await expectNoSeriousViolations(page, `forbidden (${scheme})`)
    })

    test('agent workspace', async ({ page }) => {
      await signIn(page, AGENT.email, AGENT.password)
      const queue = page.getByRole('list', { name: 'Tickets' })
      await expect(queue.getByRole('link').first()).toBeVisible()
      await expectNoSeriousViolations(page, `queue (${scheme})`)
      await queue.getByRole('link', { name: /Export to CSV times out/ }).click()
      await expect(page.getByRole('heading', { name: 'Export to CSV times out' })).toBeVisible()
      // The customer card at the top of the side column, then the column folded.
      await expect(page.getByRole('region', { name: 'Customer' }).getByRole('heading', { level: 2 })).toBeVisible()
      await expectNoSeriousViolations(page, `agent ticket with the customer card (${scheme})`)
      await page.getByRole('button', { name: 'Hide details' }).click()
      await expect(page.getByRole('region', { name: 'Customer' })).toBeHidden()
      await expectNoSeriousViolations(page, `agent ticket, details folded (${scheme})`)
      await page.getByRole('button', { name: 'Details' }).click()
      await page.keyboard.press('?')
      await expect(page.getByRole('dialog')).toBeVisible()
      await expectNoSeriousViolations(page, `shortcut help (${scheme})`)
      await page.keyboard.press('Escape')
      // The composer's canned-response picker, and the queue's bulk bar.
      await page.keyboard.press('c')
      await expect(page.getByRole('dialog', { name: 'Insert a canned response' })).toBeVisible()
      await expectNoSeriousViolations(page, `canned-response picker (${scheme})`)
      await page.keyboard.press('Escape')
      await expect(page.getByRole('dialog')).toHaveCount(0)
      // The confirmation dialog (closing a ticket asks first); Escape cancels.
      await page.getByRole('region', { name: 'Properties' }).getByLabel('Status').selectOption('closed')
      await expect(page.getByRole('alertdialog')).toBeVisible()
      await expectNoSeriousViolations(page, `confirmation dialog (${scheme})`)
      await page.keyboard.press('Escape')
      await expect(page.getByRole('alertdialog')).toHaveCount(0)
      await queue.getByRole('checkbox').first().check()
      await expect(page.getByRole('region', { name: 'Bulk action' }).getByRole('button', { name: 'Apply to selection' })).toBeVisible()
      await expectNoSeriousViolations(page, `bulk bar (${scheme})`)
      await queue.getByRole('checkbox').first().uncheck()
      await signOut(page)
    })

    test('admin sections', async ({ page }) => {
      // One page load and one axe pass per section, and the list grows.
      test.setTimeout(20_000 * ADMIN_SECTIONS.length)
      await signIn(page, ADMIN.email, ADMIN.password)
      await expect(page).toHaveURL(/\/support\/agent/)
      for (const section of ADMIN_SECTIONS) {
        await page.goto(`admin/${section}`)
        await expect(page.locator('h1, h2').first()).toBeVisible()
        await expectNoSeriousViolations(page, `admin/${section} (${scheme})`)
      }
      // The audit log with an entry's details open: changed fields in words,
      // the raw codes (the seeded tickets' changes are always on record).
      await page.goto('admin/audit')
      await page.getByRole('button', { name: 'Show values' }).first().click()
      await expect(page.getByText(/^Code: /).first()).toBeVisible()
      await expectNoSeriousViolations(page, `admin/audit with details (${scheme})`)
    })

    test('knowledge base editor and article', async ({ page }) => {
      await signIn(page, ADMIN.email, ADMIN.password)
      await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
      await page.goto('admin/kb')
      await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible()
      await expectNoSeriousViolations(page, `admin/kb (${scheme})`)
      // The editor (write and preview) with a published article's versions
      // and feedback, and the article in the portal.
      const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
      const created = await page.request.post('admin/kb/articles', {
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrf! },
        data: { title: `Axe article ${scheme}`, body: 'Some **bold** text.\n\n- a list', status: 'published' },
      })
      expect(created.status()).toBe(201)
      const article = await created.json()
      await page.goto(`admin/kb?article=${article.id}`)
      await expect(page.getByRole('heading', { name: 'Edit article' })).toBeVisible()
      await expectNoSeriousViolations(page, `kb editor (${scheme})`)
      await page.getByRole('tab', { name: 'Preview' }).click()
      await expect(page.getByTestId('kb-server-preview')).toBeVisible()
      await page.getByRole('button', { name: 'Compare' }).click()
      await expect(page.getByRole('region', { name: /Changes from version/ })).toBeVisible()
      await expectNoSeriousViolations(page, `kb editor preview and diff (${scheme})`)
      await page.goto(`help/${article.slug}`)
      await expect(page.getByRole('heading', { name: `Axe article ${scheme}` })).toBeVisible()
      await page.getByRole('button', { name: 'Yes' }).click()
      await expect(page.getByLabel('What helped? (optional)')).toBeVisible()
      await expectNoSeriousViolations(page, `kb article in the portal (${scheme})`)
      // The list filtered from the URL (kept across reloads).
      await page.goto(`admin/kb?q=axe&status=published&audience=public&locale=en`)
      await expect(page.getByRole('row', { name: new RegExp(`Axe article ${scheme}`) })).toBeVisible()
      await expectNoSeriousViolations(page, `admin/kb filtered (${scheme})`)
    })

    test('the knowledge base as an agent sees it', async ({ page }) => {
      await signIn(page, AGENT.email, AGENT.password)
      await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge base' }).click()
      await expect(page.getByRole('heading', { name: 'Articles' })).toBeVisible()
      await expectNoSeriousViolations(page, `admin/kb as an agent (${scheme})`)
    })
  })
}

test('a skip link leads past the top bar to the queue', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password)
  // Signed in before the reload, or the reload lands on the sign-in page.
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  // A fresh load: focus starts at the top of the document.
  await page.reload()
  await expect(page.getByRole('list', { name: 'Tickets' }).getByRole('link').first()).toBeVisible()
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to the queue' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('region', { name: 'Queue' })).toBeFocused()
})

test('a failed submit moves focus to the first invalid field', async ({ page }) => {
  await signIn(page, CUSTOMER.email, CUSTOMER.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('tickets/new')
  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Submit ticket' }).click()
  await expect(page.getByLabel('Subject')).toBeFocused()
  // The file picker's label shows the focus of its hidden input.
  await page.getByLabel('Attach files').focus()
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Tab')
  const ring = await page.locator('.file-picker label').evaluate((el) => getComputedStyle(el).boxShadow)
  expect(ring).not.toBe('none')
})
