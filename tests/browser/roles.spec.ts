// Roles and permissions: an admin makes a custom role, gives it with the
// light agent role to a new user, and that user sees only what the two
// roles allow. System roles can be looked at, not changed.
import { test, expect, allowHttpStatus, shot, signIn, signOut, expectNoHorizontalScroll, confirmAction } from './fixtures'
import { ADMIN } from './global-setup'

const LEE = { name: 'Lee Light', email: 'lee@example.com', password: 'lee-password-1' }

test('an admin makes a custom role, and a light agent holding it sees only what it allows', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Roles' }).click()
  await expect(page.getByRole('heading', { name: 'Roles', exact: true })).toBeVisible()
  const list = page.getByRole('region', { name: 'Roles' })
  await expect(list.getByRole('row', { name: /Light agent/ })).toContainText('System')

  // A new role: the slug follows the name.
  await page.getByRole('button', { name: 'New role' }).click()
  await page.getByLabel('Role name').fill('Tag keepers')
  await expect(page.getByLabel('Slug')).toHaveValue('tag_keepers')
  await page.getByLabel('Description').fill('Look after the tag list')

  // Select-all per area, then just two permissions.
  const replies = page.getByRole('group', { name: 'Replies' })
  await page.getByRole('checkbox', { name: 'All replies permissions' }).check()
  await expect(replies.getByRole('checkbox', { name: /reply\./, checked: true })).toHaveCount(4)
  await page.getByRole('checkbox', { name: 'All replies permissions' }).uncheck()
  await expect(replies.getByRole('checkbox', { name: /reply\./, checked: true })).toHaveCount(0)
  await page.getByRole('checkbox', { name: /tag\.manage/ }).check()
  await page.getByRole('checkbox', { name: /macro\.view/ }).check()
  await expect(page.getByText('2 of 35 permissions')).toBeVisible()
  await shot(page, 'admin-roles', { fullPage: true })
  // The name is required; the error stands next to the field.
  allowHttpStatus(page, 422)
  await page.getByLabel('Role name').fill('')
  await page.getByRole('button', { name: 'Create role' }).click()
  await expect(page.getByLabel('Role name')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('Name is required')).toBeVisible()
  await page.getByLabel('Role name').fill('Tag keepers')
  await expect(page.getByLabel('Slug')).toHaveValue('tag_keepers')
  await page.getByRole('button', { name: 'Create role' }).click()
  const row = list.getByRole('row', { name: /Tag keepers/ })
  await expect(row).toContainText('tag_keepers')
  await expect(row.getByRole('cell').nth(2)).toHaveText('2')
  await expect(row.getByRole('cell').nth(3)).toHaveText('0')

  // The slug is unique: a second "Tag keepers" is refused next to the field.
  await page.getByRole('button', { name: 'New role' }).click()
  await page.getByLabel('Role name').fill('Tag keepers')
  await page.getByRole('button', { name: 'Create role' }).click()
  await expect(page.getByText('Slug is already taken')).toBeVisible()
  await page.getByRole('button', { name: 'Cancel' }).click()

  // A new user with the custom role and light agent.
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Users' }).click()
  await page.getByRole('button', { name: 'New user' }).click()
  await page.getByLabel('Full name').fill(LEE.name)
  await page.getByLabel('Email address').fill(LEE.email)
  await page.getByLabel('Initial password').fill(LEE.password)
  const roles = page.getByRole('group', { name: 'Roles' })
  await expect(roles.getByRole('checkbox', { name: 'Agent', exact: true })).toBeChecked()
  await roles.getByRole('checkbox', { name: 'Agent', exact: true }).uncheck()
  await roles.getByRole('checkbox', { name: 'Light agent' }).check()
  await roles.getByRole('checkbox', { name: 'Tag keepers' }).check()
  await page.getByRole('button', { name: 'Create user' }).click()
  const users = page.getByRole('region', { name: 'Users' })
  await expect(users.getByRole('list', { name: 'Roles of ' + LEE.name }).getByRole('listitem')).toHaveText(['Light agent', 'Tag keepers'])

  // The role filter is in the URL.
  await page.getByLabel('Role filter').selectOption('tag_keepers')
  await expect(page).toHaveURL(/role=tag_keepers/)
  await expect(users.getByText(LEE.email)).toBeVisible()
  await expect(users.getByText(ADMIN.email)).toHaveCount(0)

  // A role somebody holds is not deleted; the refusal leads to them.
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Roles' }).click()
  await expect(row.getByRole('cell').nth(3)).toHaveText('1')
  allowHttpStatus(page, 409)
  await list.getByRole('button', { name: 'Delete Tag keepers' }).click()
  await confirmAction(page)
  await expect(page.getByRole('alert')).toContainText('Tag keepers was not deleted. 1 user(s) hold this role')
  await page.getByRole('link', { name: 'Show who holds it' }).click()
  await expect(page).toHaveURL(/admin\/users\?role=tag_keepers/)
  await expect(page.getByLabel('Role filter')).toHaveValue('tag_keepers')
  await expect(users.getByText(LEE.email)).toBeVisible()

  // A custom role can be edited.
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Roles' }).click()
  await list.getByRole('button', { name: 'Edit Tag keepers' }).click()
  await expect(page.getByRole('heading', { name: 'Edit Tag keepers' })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /tag\.manage/ })).toBeChecked()
  await page.getByLabel('Description').fill('Keep the tag list tidy')
  await page.getByRole('button', { name: 'Save role' }).click()
  await expect(row).toContainText('Keep the tag list tidy')
  await page.setViewportSize({ width: 390, height: 820 })
  await expectNoHorizontalScroll(page)
  await page.setViewportSize({ width: 1280, height: 800 })

  // Lee sees the one admin section the custom role opens.
  await signOut(page)
  await signIn(page, LEE.email, LEE.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click()
  await expect(page).toHaveURL(/\/admin\/tags$/)
  const sections = page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link')
  await expect(sections).toHaveText(['Tags'])
  await page.getByLabel('Tag name').fill('vat')
  await page.getByRole('button', { name: 'Create tag' }).click()
  await expect(page.getByRole('region', { name: 'Tags' }).getByText('vat', { exact: true })).toBeVisible()
  for (const path of ['admin/users', 'admin/roles', 'admin/webhooks', 'admin']) {
    await page.goto(path)
    await expect(page).toHaveURL(/\/admin\/tags$/)
  }

  // ... and, as a light agent, answers tickets without changing them.
  await page.goto('agent')
  await page.getByLabel('Search tickets').fill('VAT')
  await page.getByRole('list', { name: 'Tickets' }).getByRole('link', { name: /wrong VAT number/ }).click()
  const props = page.getByRole('region', { name: 'Properties' })
  await expect(props.getByLabel('Status')).toBeDisabled()
  await expect(props.getByLabel('Priority')).toBeDisabled()
  await expect(props.getByLabel('Assignee')).toBeDisabled()
  await expect(props.getByLabel('Department')).toBeDisabled()
  await expect(props.getByRole('button', { name: 'Take it' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Internal note/ })).toBeVisible()
  await page.getByLabel('Reply to customer').fill('We are looking into the VAT number.')
  await page.getByRole('button', { name: 'Send reply' }).click()
  await expect(page.getByRole('article', { name: 'Reply from ' + LEE.name })).toBeVisible()
})

test('a system role can be looked at but not changed', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page).toHaveURL(/\/agent$/)
  await page.goto('admin/roles')
  const list = page.getByRole('region', { name: 'Roles' })
  await expect(list.getByRole('button', { name: 'Edit Agent' })).toHaveCount(0)
  await expect(list.getByRole('button', { name: 'Delete Agent' })).toHaveCount(0)
  await list.getByRole('button', { name: 'View Agent', exact: true }).click()
  await expect(page.getByText('System roles are fixed: their permissions')).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /ticket\.edit/ })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: /ticket\.edit/ })).toBeDisabled()
  await expect(page.getByRole('checkbox', { name: /role\.manage/ })).not.toBeChecked()
  await expect(page.getByRole('button', { name: 'Save role' })).toHaveCount(0)

  // The server refuses too, whatever the page shows.
  const agent = (await (await page.request.get('admin/roles', { headers: { Accept: 'application/json' } })).json())
    .data.find((r: { slug: string }) => r.slug === 'agent')
  const csrf = await page.evaluate(() => localStorage.getItem('escalated.csrf'))
  const r = await page.request.patch(`admin/roles/${agent.id}`, {
    headers: { Accept: 'application/json', 'X-CSRF-Token': csrf! }, data: { name: 'Agents+' },
  })
  expect(r.status()).toBe(409)

  // Copying it starts a custom role with the same permissions.
  await page.getByRole('button', { name: 'Copy to a new role' }).click()
  await expect(page.getByRole('heading', { name: 'New role' })).toBeVisible()
  await expect(page.getByLabel('Role name')).toHaveValue('Agent (copy)')
  await expect(page.getByLabel('Slug')).toHaveValue('agent_copy')
  await expect(page.getByRole('checkbox', { name: /ticket\.edit/ })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: /ticket\.edit/ })).toBeEnabled()
  await page.getByRole('button', { name: 'Create role' }).click()
  const copy = list.getByRole('row', { name: /Agent \(copy\)/ })
  await expect(copy.getByRole('cell').nth(2)).toHaveText(String(agent.permissions.length))

  // A custom role nobody holds is deleted.
  await list.getByRole('button', { name: 'Delete Agent (copy)' }).click()
  await confirmAction(page)
  await expect(copy).toHaveCount(0)
})
