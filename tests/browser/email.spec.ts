// E-mail in the admin panel: an admin edits a notification template,
// previews it with sample values, saves it and goes back to the default;
// the outgoing and incoming records are one click away.
import { test, expect, allowHttpStatus, shot, signIn, confirmAction } from './fixtures'
import { ADMIN } from './global-setup'

test('an admin edits, previews and resets a notification template', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'E-mail' }).click()
  await expect(page.getByRole('heading', { name: 'E-mail', exact: true })).toBeVisible()
  await page.getByLabel('Notification').selectOption('agent_replied')
  await expect(page.getByLabel('Subject')).not.toHaveValue('')

  // A placeholder the language does not know is refused next to its field.
  allowHttpStatus(page, 422)
  await page.getByLabel('Subject').fill('Re: {{ ticket.subject }} {{ nonsense }}')
  await page.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel('Subject').fill('We answered: {{ ticket.subject }}')
  await page.getByRole('button', { name: 'Preview' }).click()
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText('We answered:')
  await expect(preview).not.toContainText('{{')
  // The HTML body renders in a sandbox that runs nothing.
  // (Only its source is checked: reaching into a sandboxed frame would run script there.)
  await expect(page.locator('iframe[title="HTML preview"]')).toHaveAttribute('srcdoc', /replied to your request/)
  await page.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByLabel('Notification')).toContainText('customised')
  await shot(page, 'admin-email-templates', { fullPage: true })

  await page.getByRole('button', { name: 'Reset to default' }).click()
  await confirmAction(page)
  await expect(page.getByLabel('Subject')).not.toHaveValue(/We answered/)

  await page.getByRole('tab', { name: 'Outgoing' }).click()
  await expect(page.getByRole('region', { name: 'Outgoing mail' })).toBeVisible()
  await page.getByRole('tab', { name: 'Incoming' }).click()
  await expect(page.getByRole('region', { name: 'Incoming mail' })).toBeVisible()
})
