// The UI in other languages: German from the browser's language, Japanese
// chosen in the sign-in page's language menu, Arabic right-to-left at
// desktop and phone width. Each walks sign-in, the queue and a ticket.
import { test, expect, shot, type Page } from './fixtures'
import { AGENT } from './global-setup'

test.describe.configure({ mode: 'serial' })

interface Words { email: string; password: string; signIn: string; tickets: string; properties: string; status: string }

async function walk(page: Page, w: Words, lang: string, dir: 'ltr' | 'rtl') {
  const html = page.locator('html')
  await expect(html).toHaveAttribute('lang', lang)
  await expect(html).toHaveAttribute('dir', dir)
  await page.getByLabel(w.email, { exact: true }).fill(AGENT.email)
  await page.getByLabel(w.password, { exact: true }).fill(AGENT.password)
  await page.getByRole('button', { name: w.signIn, exact: true }).click()
  await expect(page).toHaveURL(/\/support\/agent$/)
  const queue = page.getByRole('list', { name: w.tickets, exact: true })
  await expect(queue.getByRole('link').first()).toBeVisible()
  await expect(html).toHaveAttribute('lang', lang)
  await expect(html).toHaveAttribute('dir', dir)
  await queue.getByRole('link').first().click()
  await expect(page).toHaveURL(/\/agent\/tickets\//)
  // On a phone the side column starts folded: open it.
  const toggle = page.locator('.side-toggle')
  await expect(toggle).toBeVisible()
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click()
  const props = page.getByRole('region', { name: w.properties, exact: true })
  await expect(props.getByLabel(w.status, { exact: true })).toBeVisible()
}

// The page never scrolls sideways.
async function fits(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, document.scrollingElement!.clientWidth])
  expect(scroll, 'no horizontal overflow').toBeLessThanOrEqual(client)
}

test.describe('German from the browser', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' })
  test('an agent signs in, sees the queue and a ticket in German', async ({ page }) => {
    await page.goto('login')
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible()
    await walk(page, { email: 'E-Mail', password: 'Passwort', signIn: 'Anmelden', tickets: 'Tickets', properties: 'Eigenschaften', status: 'Status' }, 'de', 'ltr')
    // Dates and numbers through Intl in German, in the browser's zone.
    await expect(page.getByRole('tab', { name: /Aktivität/ })).toBeVisible()
    const exact = await page.locator('time[title]').first().getAttribute('title')
    expect(exact).toMatch(/\d{2}\.\d{2}\.\d{4}|\d{1,2}\. \p{L}+\.? \d{4}/u)
    await expect(page.locator('time').first()).not.toContainText(/\bago\b/)
    await page.goto('agent')
    await expect(page).toHaveTitle('Warteschlange · Escalated')
  })
})

test.describe('Japanese from the language menu', () => {
  test('the sign-in page switches to Japanese, and the choice stays', async ({ page }) => {
    await page.goto('login')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await page.getByLabel('Language').selectOption('ja')
    await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible()
    await walk(page, { email: 'メールアドレス', password: 'パスワード', signIn: 'サインイン', tickets: 'チケット', properties: 'プロパティ', status: 'ステータス' }, 'ja', 'ltr')
    await expect(page.getByRole('button', { name: 'メモを追加' }).or(page.getByRole('button', { name: '返信を送信' }))).toBeVisible()
    await shot(page, 'workspace-ja')
    // A reload keeps the language chosen on this browser.
    await page.reload()
    await expect(page.getByRole('region', { name: 'プロパティ', exact: true })).toBeVisible()
    // The header's menu switches back; signed in, it also stores the choice
    // on the account, which the other tests' agent must not keep.
    await page.locator('#language').selectOption('en')
    await expect(page.getByRole('region', { name: 'Properties', exact: true })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect.poll(async () => (await (await page.request.get('auth/me', { headers: { Accept: 'application/json' } })).json()).user.locale).toBe('en')
    const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
    const cleared = await page.request.patch('auth/me', { data: { locale: null }, headers: { Accept: 'application/json', 'X-CSRF-Token': csrf! } })
    expect(cleared.status()).toBe(200)
  })
})

test.describe('Arabic, right to left', () => {
  test.use({ locale: 'ar-EG' })
  const words = { email: 'البريد الإلكتروني', password: 'كلمة المرور', signIn: 'تسجيل الدخول', tickets: 'التذاكر', properties: 'الخصائص', status: 'الحالة' }

  test('desktop: the three panes mirror and nothing overflows', async ({ page }) => {
    await page.goto('login')
    await fits(page)
    await walk(page, words, 'ar', 'rtl')
    await fits(page)
    // The queue pane stands to the right of the ticket pane.
    const queueBox = await page.getByRole('region', { name: 'قائمة الانتظار', exact: true }).boundingBox()
    const ticketBox = await page.getByRole('region', { name: 'تذكرة', exact: true }).boundingBox()
    expect(queueBox!.x).toBeGreaterThan(ticketBox!.x)
    await shot(page, 'workspace-ar')
  })

  test('phone: sign-in, queue and ticket fit 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 820 })
    await page.goto('login')
    await fits(page)
    await walk(page, words, 'ar', 'rtl')
    await fits(page)
    // The back arrow points the way back: to the right.
    await expect(page.locator('.back .flip-rtl')).toHaveCSS('transform', /matrix\(-1/)
    await page.getByRole('link', { name: /العودة إلى قائمة الانتظار/ }).click()
    await expect(page.getByRole('list', { name: words.tickets, exact: true })).toBeVisible()
    await fits(page)
    await shot(page, 'phone-queue-ar')
  })
})
