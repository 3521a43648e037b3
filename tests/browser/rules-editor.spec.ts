// The rule editor chooses nothing for the admin: a field's value starts
// empty (so "Critical or Urgent" is not saved as "Low, Critical or
// Urgent"), a new rule starts switched off, and the list counts from 1.
import { test, expect, allowHttpStatus, signIn } from './fixtures'
import { ADMIN } from './global-setup'

test.setTimeout(90_000)

test('choosing a field pre-selects no value, and new rules start inactive', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.goto('admin/escalation-rules')
  await page.getByRole('button', { name: 'New escalation rule' }).click()
  await expect(page.getByRole('checkbox', { name: 'Active' })).not.toBeChecked()
  const all = page.getByRole('group', { name: 'All of these', exact: true })
  await all.getByRole('button', { name: 'Add condition' }).click()
  await all.getByLabel('Field 2').selectOption('priority')
  await expect(all.getByLabel('Value 2')).toHaveValue('')
  await all.getByLabel('Operator 2').selectOption('in')
  const values = all.getByRole('group', { name: 'Value 2' })
  await expect(values.getByRole('checkbox')).toHaveCount(5)
  for (const box of await values.getByRole('checkbox').all()) await expect(box).not.toBeChecked()
  await values.getByRole('checkbox', { name: 'Critical' }).check()
  await values.getByRole('checkbox', { name: 'Urgent' }).check()
  await page.getByLabel('Name', { exact: true }).fill('Critical and urgent only')

  // A value left unchosen is the server's to refuse, beside its row.
  await all.getByRole('button', { name: 'Add condition' }).click()
  await all.getByLabel('Field 3').selectOption('sla_breached')
  await expect(all.getByLabel('Value 3')).toHaveValue('')
  allowHttpStatus(page, 422)
  await page.getByRole('button', { name: 'Create escalation rule' }).click()
  await expect(page.getByText(/^Condition 3:/)).toBeVisible()
  await all.getByLabel('Value 3').selectOption('true')
  await page.getByRole('button', { name: 'Create escalation rule' }).click()

  const rules = page.getByRole('region', { name: 'Escalation rules' })
  await expect(rules.getByText('Critical and urgent only')).toBeVisible()
  await expect(rules.getByText('Order 1')).toBeVisible()
  await expect(rules.getByRole('checkbox', { name: 'Active: Critical and urgent only' })).not.toBeChecked()
  await page.getByRole('button', { name: 'Edit Critical and urgent only' }).click()
  const saved = page.getByRole('group', { name: 'Value 2' })
  await expect(saved.getByRole('checkbox', { name: 'Low' })).not.toBeChecked()
  await expect(saved.getByRole('checkbox', { name: 'Critical' })).toBeChecked()
})
