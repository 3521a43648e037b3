// The `page` fixture of every test fails the test on any console error or
// uncaught page error. A test that provokes an HTTP error on purpose (a 422
// to see field errors) names the status with allowHttpStatus().
import { test as base, expect, type Page } from '@playwright/test'
import { createHmac } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

export { expect }

const allowed = new WeakMap<Page, Set<number>>()
export function allowHttpStatus(page: Page, status: number) {
  allowed.get(page)?.add(status)
}

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(process.env.ESCALATED_BASE + '/')
  },
  page: async ({ page }, use) => {
    const problems: string[] = []
    allowed.set(page, new Set())
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return
      // The e-mail template preview is an iframe sandboxed without
      // allow-scripts, on purpose; when the test driver's own helper script
      // reaches that frame, Chromium logs that it blocked it. That is the
      // sandbox doing its job, not a fault of the page.
      if (/^Blocked script execution in 'about:srcdoc'/.test(msg.text())) return
      const m = /status of (\d{3})/.exec(msg.text())
      if (m && allowed.get(page)!.has(Number(m[1]))) return
      problems.push(`console error: ${msg.text()}`)
    })
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    await use(page)
    expect(problems, 'the browser console stays clean').toEqual([])
  },
})

// Saves a screenshot of the page under SCREENSHOT_DIR (make test:
// build/screenshots; make screenshots: docs/screenshots).
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  const dir = process.env.SCREENSHOT_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  // Toasts fade by themselves; a screenshot shows the screen without them.
  const dismiss = page.getByRole('button', { name: 'Dismiss' })
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click()
  await page.evaluate(() => document.fonts.ready)
  // A full-page shot from the top, so the sticky bar stays at the top.
  if (options.fullPage) await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: options.fullPage })
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

// No horizontal scrolling at the current viewport width.
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, 'page is no wider than the viewport').toBeLessThanOrEqual(0)
}

// RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) from a base32
// secret, for the step `step` (default: the current one).
export function totp(secret: string, step = Math.floor(Date.now() / 30_000)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0')
  const key = Buffer.alloc(Math.floor(bits.length / 8))
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2)
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const at = mac[mac.length - 1] & 0x0f
  const n = (mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000
  return String(n).padStart(6, '0')
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
}

// Answers the app's own confirmation dialog (web/src/confirm.ts) with its
// confirming button (Delete, Revoke, Deactivate…), the last of its two.
export async function confirmAction(page: Page) {
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button').last().click()
  await expect(dialog).toHaveCount(0)
}
