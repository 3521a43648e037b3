// A guest without an account, through the embeddable widget on another
// site: a host page on its own loopback port loads widget.js with one script
// tag; the guest opens a ticket from the widget, follows the magic link the
// helpdesk mailed (a real SMTP sink: tests/support/smtp_sink.py), replies,
// and rates the ticket once an agent has resolved it. The widget's styles
// and the host page's stay apart (shadow DOM).
//
// This spec runs a helpdesk of its own (guests on, SMTP, the host page's
// origin allowed), beside the shared one of global-setup.ts.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { createServer as createHttpServer, type Server } from 'node:http'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect, allowHttpStatus } from './fixtures'
import { freePort } from './global-setup'

const AGENT = { name: 'Gus Agent', email: 'gus@example.com', password: 'agent-password-1' }
const ADMIN = { name: 'Ann Admin', email: 'ann@example.com', password: 'admin-password-1' }
const GUEST = { name: 'Gail Guest', email: 'gail@example.net' }

// Resolves with the first match of `re` in the child's output.
function waitFor(child: ChildProcess, re: RegExp, log: () => string): Promise<RegExpMatchArray> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`timed out waiting for ${re}:\n${log()}`)), 20_000)
    const look = () => {
      const m = log().match(re)
      if (m) {
        clearTimeout(timer)
        ok(m)
      }
    }
    child.stdout!.on('data', look)
    child.stderr!.on('data', look)
    child.once('exit', (code) => fail(new Error(`exited with ${code}:\n${log()}`)))
  })
}

let dir = ''
let sink: ChildProcess
let helpdesk: ChildProcess
let hostPage: Server
let base = '' // http://127.0.0.1:PORT/support
let host = '' // http://127.0.0.1:PORT (the other site)

// The host page: someone else's site, with styles that would spoil a widget
// that did not keep to its shadow root, and a heading the widget's styles
// must leave alone.
const hostHtml = (src: string, locale = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>
  button { background: rgb(255, 0, 0) !important; font-family: serif !important; }
  .panel, h2 { color: rgb(0, 128, 0); }
</style></head>
<body><main><h1>The shop</h1><h2 class="panel">Opening hours</h2><p>Every day.</p></main>
<script src="${src}" async data-color="#0b6e4f"${locale ? ` data-locale="${locale}"` : ''}></script>
</body></html>`

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'escalated-guest-'))
  let sinkLog = ''
  sink = spawn('/usr/bin/python3', [resolve('../support/smtp_sink.py'), '--port', '0', '--dir', join(dir, 'mail')],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  sink.stdout!.on('data', (d) => (sinkLog += d))
  sink.stderr!.on('data', (d) => (sinkLog += d))
  const smtpPort = (await waitFor(sink, /listening on (\d+)/, () => sinkLog))[1]

  const hostPort = await freePort()
  const port = await freePort()
  host = `http://127.0.0.1:${hostPort}`
  base = `http://127.0.0.1:${port}/support`
  hostPage = createHttpServer((req, res) => {
    const locale = new URL(req.url ?? '/', host).searchParams.get('locale') ?? ''
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(hostHtml(`${base}/widget.js`, locale.replace(/[^A-Za-z-]/g, '')))
  })
  await new Promise<void>((ok) => hostPage.listen(hostPort, '127.0.0.1', ok))

  const bin = resolve(process.env.ESCALATED_BIN || '../../build/app/escalated')
  const webRoot = resolve(process.env.ESCALATED_WEB_ROOT || '../../web/dist')
  const database = `sqlite:${join(dir, 'helpdesk.db')}`
  for (const [user, role] of [[AGENT, 'agent'], [ADMIN, 'admin']] as const) {
    execFileSync(bin, ['user', 'add', '--database', database, '--email', user.email, '--name', user.name,
      '--password', user.password, '--role', role], { stdio: 'pipe' })
  }
  let log = ''
  helpdesk = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      ESCALATED_DATABASE_URL: database,
      ESCALATED_LISTEN: `127.0.0.1:${port}`,
      ESCALATED_WEB_ROOT: webRoot,
      ESCALATED_LOG_REQUESTS: '0',
      ESCALATED_GUEST_ENABLED: '1',
      ESCALATED_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      ESCALATED_EMAIL_DOMAIN: 'help.example.com',
      ESCALATED_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ESCALATED_WIDGET_ALLOWED_ORIGINS: host,
      ESCALATED_ATTACHMENTS_DIR: join(dir, 'attachments'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  helpdesk.stdout!.on('data', (d) => (log += d))
  helpdesk.stderr!.on('data', (d) => (log += d))
  const deadline = Date.now() + 20_000
  for (;;) {
    try {
      if ((await fetch(`${base}/auth/me`, { headers: { Accept: 'application/json' } })).status === 401) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || helpdesk.exitCode !== null) throw new Error(`escalated did not start:\n${log}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  // One public article for the widget's search and suggestions.
  const admin = await signedIn(ADMIN)
  await admin.post('admin/kb/articles', {
    title: 'Descale your kettle', body: 'A kettle that leaks or rattles often needs descaling: boil vinegar and water.',
    status: 'published', audience: 'public', locale: 'en',
  })
})

test.afterAll(async () => {
  for (const child of [helpdesk, sink]) {
    if (!child || child.exitCode !== null) continue
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  await new Promise((r) => (hostPage ? hostPage.close(r) : r(null)))
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// The links matching `re` in the text of every mail the sink received
// (quoted-printable undone), oldest mail first.
function mailedLinks(re = /http:\/\/127\.0\.0\.1:\d+\/support\/guest\/ticket\?token=[A-Za-z0-9_-]{43}/g): string[] {
  const mail = join(dir, 'mail')
  const links: string[] = []
  for (const name of readdirSync(mail).filter((n) => n.endsWith('.eml')).sort()) {
    const text = readFileSync(join(mail, name), 'utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    for (const m of text.matchAll(re)) links.push(m[0])
  }
  return links
}

// A signed-in API client (the session cookie and the CSRF token).
async function signedIn(user: { email: string; password: string }) {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  })
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]
  const { csrf_token } = await login.json()
  return {
    async post(path: string, body: object) {
      const r = await fetch(`${base}/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf_token },
        body: JSON.stringify(body),
      })
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
      return r.json()
    },
  }
}

async function agentResolves(reference: string) {
  const agent = await signedIn(AGENT)
  await agent.post(`agent/tickets/${Number(reference.split('-')[1])}/status`, { status: 'resolved' })
}

async function expectNoSeriousViolations(page: Page, state: string) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
  expect.soft(bad, `axe on ${state}`).toEqual([])
}

test('a guest opens a ticket from the widget on another site, follows the mailed link, replies and rates', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(host + '/')
  const launcher = page.getByRole('button', { name: 'Open help' })
  await expect(launcher).toBeVisible()

  // No style crosses the shadow root: the host's red buttons stay outside,
  // the widget's .panel and h2 rules stay inside.
  const launcherBg = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)
  expect(launcherBg).toBe('rgb(11, 110, 79)') // data-color
  const hostHeading = page.locator('main h2.panel')
  expect(await hostHeading.evaluate((el) => getComputedStyle(el).position)).toBe('static')
  expect(await hostHeading.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 128, 0)')

  await launcher.click()
  const panel = page.getByRole('dialog', { name: 'How can we help?' })
  await expect(panel).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Search' })).toBeFocused()
  await expectNoSeriousViolations(page, 'the widget on a host page')

  // The knowledge base's search, as one types (a prefix is enough).
  await page.getByRole('searchbox', { name: 'Search the help articles' }).fill('kettl')
  await expect(panel.getByRole('link', { name: 'Descale your kettle' })).toHaveAttribute('href', /\/support\/kb\/articles\/descale-your-kettle$/)

  await page.getByRole('tab', { name: 'Write to us' }).click()
  const form = page.getByRole('tabpanel', { name: 'Write to us' })
  // A form sent empty names every field at fault, without a request.
  await form.getByRole('button', { name: 'Send' }).click()
  await expect(form.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByLabel('Your name')).toBeFocused()

  await form.getByLabel('Your name').fill(GUEST.name)
  await form.getByLabel('Your e-mail address').fill(GUEST.email)
  await form.getByLabel('Subject').fill('Kettle leaks')
  // While the subject is typed, articles that may answer it are suggested.
  await expect(form.getByRole('link', { name: 'Descale your kettle' })).toBeVisible()
  await form.getByLabel('Your message').fill('Water under the kettle after every boil.')
  await form.getByRole('button', { name: 'Send' }).click()
  const done = form.getByText(/Your ticket (\S+-\d+) is open/)
  await expect(done).toBeVisible()
  const reference = (await done.textContent())!.match(/([A-Z]+-\d+)/)![1]

  // "My tickets" remembers it in the host page's storage, by its link.
  await page.getByRole('tab', { name: 'My tickets' }).click()
  await expect(panel.getByRole('link', { name: reference })).toHaveAttribute('href', /\/support\/guest\/ticket\?token=/)
  const stored = await page.evaluate(() => Object.keys(localStorage))
  expect(stored).toEqual([expect.stringMatching(/^escalated-widget:http:\/\/127\.0\.0\.1:\d+\/support\/:tickets$/)])

  // The acknowledgement mail carries the magic link.
  await expect.poll(() => mailedLinks().length, { timeout: 15_000 }).toBeGreaterThan(0)
  const link = mailedLinks()[0]
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'Kettle leaks' })).toBeVisible()
  await expect(page.getByText(reference)).toBeVisible()
  await expect(page.getByText('Water under the kettle after every boil.')).toBeVisible()

  await page.getByLabel('Your reply').fill('It is the model KX-2, bought in May.')
  // With a file: guests attach files within the usual limits.
  await page.getByLabel('Attach files').setInputFiles({
    name: 'kettle.txt', mimeType: 'text/plain', buffer: Buffer.from('a puddle\n'),
  })
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText('kettle.txt')
  await page.getByRole('button', { name: 'Send reply' }).click()
  await expect(page.getByText('It is the model KX-2, bought in May.')).toBeVisible()
  const reply = page.getByRole('article', { name: `Reply from ${GUEST.name}` })
  await expect(reply).toContainText('It is the model KX-2')
  await expect(reply).toContainText('kettle.txt')
  await expect(page.getByLabel('Your reply')).toHaveValue('')
  await expectNoSeriousViolations(page, 'the guest ticket page')

  // Once an agent resolved it, the resolved mail's one-click link records a
  // rating and leads to the page, which offers the comment.
  await agentResolves(reference)
  const fourStars = /http:\/\/127\.0\.0\.1:\d+\/support\/widget\/ratings\/\d+\/4\?sig=[0-9a-f]{32}/g
  await expect.poll(() => mailedLinks(fourStars).length, { timeout: 15_000 }).toBeGreaterThan(0)
  await page.goto(mailedLinks(fourStars)[0])
  await expect(page).toHaveURL(/\/support\/guest\/ticket\?token=[A-Za-z0-9_-]{43}&rated=4$/)
  await expect(page.getByRole('status').filter({ hasText: 'your rating of 4/5 is recorded' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'How did we do?' })).toBeVisible()
  await expect(page.getByRole('radio', { name: '4 out of 5' })).toBeChecked()
  await page.getByLabel('Comment (optional)').fill('Quick and friendly.')
  await page.getByRole('button', { name: 'Submit' }).click()
  await expect(page.getByText('You rated this 4/5')).toBeVisible()
  await page.reload()
  await expect(page.getByText('Quick and friendly.')).toBeVisible()
  await expectNoSeriousViolations(page, 'the guest ticket page, rated')

  // Rated again from the page itself.
  await page.goto(link)
  await page.getByRole('button', { name: 'Change' }).click()
  await page.getByRole('radio', { name: '5 out of 5' }).check({ force: true })
  await page.getByRole('button', { name: 'Submit' }).click()
  await expect(page.getByText('You rated this 5/5')).toBeVisible()
})

test('a wrong or expired link says so and offers a new one; find my ticket answers the same either way', async ({ page }) => {
  allowHttpStatus(page, 404)
  await page.goto(`${base}/guest/ticket?token=${'A'.repeat(43)}`)
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible()
  await expectNoSeriousViolations(page, 'a wrong guest link')
  await page.getByRole('link', { name: 'Get a new link' }).click()
  await expect(page.getByRole('heading', { name: 'Find my ticket' })).toBeVisible()
  await page.getByLabel('Ticket reference').fill('ESC-99999')
  await page.getByLabel('Email').fill('nobody@example.net')
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page.getByText(/If that reference belongs to a ticket from/)).toContainText('nobody@example.net')
  await expectNoSeriousViolations(page, 'find my ticket, sent')
})

test.describe('dark mode, right to left', () => {
  test.use({ colorScheme: 'dark' })
  test('the widget speaks the language the tag asks for, right to left for Arabic', async ({ page }) => {
    test.setTimeout(60_000)
    await page.goto(host + '/?locale=ar')
    await page.getByRole('button', { name: 'افتح المساعدة' }).click()
    const panel = page.getByRole('dialog', { name: 'كيف يمكننا مساعدتك؟' })
    await expect(panel).toBeVisible()
    await expect(page.locator('[data-escalated-widget] >> .ew')).toHaveAttribute('dir', 'rtl')
    await page.getByRole('tab', { name: 'راسلنا' }).click()
    await expectNoSeriousViolations(page, 'the widget in Arabic, dark')
    // Escape closes it and gives the focus back to the launcher.
    await page.keyboard.press('Escape')
    await expect(panel).toBeHidden()
    await expect(page.getByRole('button', { name: 'افتح المساعدة' })).toBeFocused()
  })
})
