// The `page` fixture of every test fails the test on any console error or
// uncaught page error. A test that provokes an HTTP error on purpose (a 422
// to see field errors) names the status with allowHttpStatus().
import { test as base, expect, type Page } from '@playwright/test'
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
export async function shot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  // Toasts fade by themselves; a screenshot shows the screen without them.
  const dismiss = page.getByRole('button', { name: 'Dismiss' })
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click()
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: join(dir, `${name}.png`) })
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
