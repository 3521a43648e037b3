// A rule can be tried before it is saved (issue 15): the editor's dry run
// sends the form as it is, lists the tickets it would match now, shows a
// mistake beside its row like a save would, and stores nothing.
import AxeBuilder from '@axe-core/playwright'
import { test, expect, allowHttpStatus, signIn } from './fixtures'
import { ADMIN } from './global-setup'

test.setTimeout(90_000)

test('an unsaved automation is tried: the dry run shows the count and the tickets, nothing is saved', async ({ page }) => {
  const name = `VAT trial ${Date.now()}`
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('admin/automations')
  await page.getByRole('button', { name: 'New automation' }).click()
  await page.getByLabel('Name', { exact: true }).fill(name)
  const all = page.getByRole('group', { name: 'All of these', exact: true })
  await all.getByLabel('Field 1').selectOption('subject')
  await all.getByLabel('Value 1').fill('VAT number')
  await page.getByLabel('Action 1 type').selectOption('add_tag')
  await page.getByLabel('Action 1 value').fill('billing')

  await page.getByRole('button', { name: 'Dry run', exact: true }).click()
  const panel = page.getByRole('region', { name: `Dry run: ${name} (not saved)` })
  await expect(panel.getByText('1 ticket matches the conditions now.')).toBeVisible()
  await expect(panel.getByRole('list', { name: 'Matching tickets' }).getByRole('link', { name: /wrong VAT number/ })).toBeVisible()
  await expect(panel.getByText('Nothing was changed.')).toBeVisible()
  // The editor with its result: no serious or critical axe violation, light and dark.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), colorScheme).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })

  // A mistake shows beside its row, as a save's would, and no result.
  await all.getByLabel('Value 1').fill('')
  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Dry run', exact: true }).click()
  await expect(page.getByText(/^Condition 1:/)).toBeVisible()
  await expect(panel).toHaveCount(0)

  // Nothing was saved: not in the list, not on the server.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click()
  const rules = page.getByRole('region', { name: 'Automations' })
  await expect(rules).toBeVisible()
  await expect(rules.getByText(name)).toHaveCount(0)
  const stored = await (await page.request.get('admin/automations', { headers: { Accept: 'application/json' } })).json()
  expect(stored.data.map((r: { name: string }) => r.name)).not.toContain(name)
})
