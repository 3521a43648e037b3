// The agent's power tools as agents use them: a canned response inserted at
// the cursor, a macro previewed then applied, one action over several queue
// rows, and a saved view made from the filters then picked from the sidebar.
// The tickets these walks change are their own (a customer opens them
// through the API first), so the other specs' queue stays as it was.
import { request as http } from '@playwright/test'
import { test, expect, allowHttpStatus, signIn, confirmAction } from './fixtures'
import { ADMIN, AGENT } from './global-setup'

test.setTimeout(90_000)

// Opens tickets as the seeded customer; returns their references.
async function openTickets(subjects: string[]): Promise<string[]> {
  const api = await http.newContext({ baseURL: process.env.ESCALATED_BASE + '/' })
  const login = await api.post('auth/login', { data: { email: 'dev@example.com', password: 'dev-password-1' } })
  expect(login.ok()).toBeTruthy()
  const { csrf_token } = await login.json()
  const refs: string[] = []
  for (const subject of subjects) {
    const r = await api.post('tickets', {
      data: { subject, description: `${subject}: details follow.`, priority: 'low' },
      headers: { 'X-CSRF-Token': csrf_token },
    })
    expect(r.ok()).toBeTruthy()
    refs.push((await r.json()).reference)
  }
  await api.dispose()
  return refs
}

test('a canned response is saved, found by typing and inserted at the cursor', async ({ page }) => {
  const [ref] = await openTickets(['Canned walk: where is my parcel'])
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto(`agent/tickets/${ref}`)
  await expect(page.getByRole('heading', { name: 'Canned walk: where is my parcel' })).toBeVisible()

  // Save a personal one from the picker.
  await page.getByRole('button', { name: /Canned responses/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Insert a canned response' })
  await expect(dialog).toBeVisible()
  await dialog.getByText('Manage canned responses').click()
  await dialog.getByRole('button', { name: 'New canned response' }).click()
  const form = page.getByRole('dialog', { name: 'New canned response' })
  await form.getByLabel('Title').fill('Parcel greeting')
  await form.getByLabel('Text (Markdown)').fill('Hello {{requester.name}}, about {{ticket.reference}}:')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('dialog', { name: 'Insert a canned response' })).toBeVisible()

  // Back in the composer: text before and after the cursor stays.
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  const composer = page.getByLabel('Reply to customer')
  await composer.fill('Hi! ')
  await composer.press('End')
  // The shortcut from inside the composer, then type-ahead and Enter.
  await composer.press('Control+/')
  await expect(dialog).toBeVisible()
  await page.getByRole('combobox', { name: 'Filter canned responses' }).fill('parcel')
  await expect(dialog.getByRole('option', { name: /Parcel greeting/ })).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  // Values arrive Markdown-escaped (the reference's hyphen may carry a backslash).
  const number = ref.split('-').pop()
  await expect(composer).toHaveValue(new RegExp(`^Hi! Hello Dev Patel, about ESC\\\\?-${number}:$`))
  await expect(composer).toBeFocused()
})

test('an admin writes a macro; an agent previews it on a ticket, then applies it', async ({ page }) => {
  const [ref] = await openTickets(['Macro walk: refund for a double charge'])
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto('admin/macros')
  await page.getByRole('button', { name: 'New macro' }).click()
  await page.getByLabel('Name').fill('Refund walk')
  await page.getByLabel('Description').fill('Medium priority, tagged, and a note.')
  await page.getByLabel('Action 1 type').selectOption('priority')
  await page.getByLabel('Action 1 value').selectOption('medium')
  await page.getByRole('button', { name: 'Add action' }).click()
  await page.getByLabel('Action 2 type').selectOption('add_tag')
  await page.getByLabel('Action 2 value').fill('refund-walk')
  await page.getByRole('button', { name: 'Add action' }).click()
  await page.getByLabel('Action 3 type').selectOption('note')
  await page.getByLabel('Action 3 value').fill('Refund checked by {{agent.name}}.')
  // The order editor: the note goes first, then back to last.
  await page.getByRole('button', { name: 'Move action 3 up' }).click()
  await expect(page.getByLabel('Action 2 type')).toHaveValue('note')
  await page.getByRole('button', { name: 'Move action 2 down' }).click()
  await expect(page.getByLabel('Action 3 type')).toHaveValue('note')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('region', { name: 'Macros' }).getByText('Refund walk')).toBeVisible()
  await page.getByRole('button', { name: 'Account menu' }).click()
  await page.getByRole('button', { name: 'Sign out' }).click()

  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto(`agent/tickets/${ref}`)
  await expect(page.getByRole('heading', { name: 'Macro walk: refund for a double charge' })).toBeVisible()
  await page.getByRole('button', { name: 'Apply macro' }).click()
  const dialog = page.getByRole('dialog', { name: 'Apply macro' })
  await dialog.getByRole('button', { name: /Refund walk/ }).click()
  const preview = page.getByRole('dialog', { name: 'What Refund walk would change' })
  const changes = preview.getByRole('list', { name: 'Changes' })
  await expect(changes.getByRole('listitem')).toHaveCount(3)
  await expect(changes.getByRole('listitem').nth(0)).toContainText('Low → Medium')
  await expect(changes.getByRole('listitem').nth(2)).toContainText('Refund checked by Sam Agent.')
  // Nothing changed yet.
  await expect(page.getByRole('region', { name: 'Properties' }).getByLabel('Priority')).toHaveValue('low')
  await preview.getByRole('button', { name: 'Apply Refund walk' }).click()
  await expect(preview).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Properties' }).getByLabel('Priority')).toHaveValue('medium')
  await expect(page.getByRole('region', { name: 'Properties' }).getByText('refund-walk')).toBeVisible()
  await expect(page.getByText('Refund checked by Sam Agent.')).toBeVisible()
})

test('one action over the ticked queue rows reports each ticket and refreshes the queue', async ({ page }) => {
  await openTickets(['Bulkwalk: first parcel', 'Bulkwalk: second parcel', 'Bulkwalk: third parcel'])
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await expect(queue.getByRole('link').first()).toBeVisible()
  await page.getByLabel('Search tickets').fill('Bulkwalk')
  await expect(queue.getByRole('link')).toHaveCount(3)
  const bulk = page.getByRole('region', { name: 'Bulk action' })
  await expect(bulk.getByRole('combobox')).toHaveCount(0)
  // One row, then every row of the page.
  await queue.getByRole('checkbox').first().check()
  await expect(bulk.getByText('Selected: 1')).toBeVisible()
  await page.getByLabel('Select every ticket on this page').check()
  await expect(bulk.getByText('Selected: 3')).toBeVisible()
  await bulk.getByLabel('Action for the selection').selectOption('add_tag')
  await bulk.getByLabel('New value').fill('bulk-walk')
  await bulk.getByRole('button', { name: 'Apply to selection' }).click()
  await expect(bulk.getByRole('status')).toContainText('Changed: 3')
  await expect(bulk.getByRole('status')).not.toContainText('Not changed')
  // The selection is gone and the queue shows the new state.
  await expect(bulk.getByLabel('Action for the selection')).toHaveCount(0)
  await page.getByLabel('Search tickets').fill('Bulkwalk tag:bulk-walk')
  await expect(queue.getByRole('link')).toHaveCount(3)
  await page.getByLabel('Select every ticket on this page').check()
  await bulk.getByLabel('Action for the selection').selectOption('priority')
  await bulk.getByLabel('New value').selectOption('medium')
  await bulk.getByRole('button', { name: 'Apply to selection' }).click()
  await expect(bulk.getByRole('status')).toContainText('Changed: 3')
  await expect(queue.getByText('Medium')).toHaveCount(3)
})

test('the filters saved as a view run from the sidebar, and the view is renamed and deleted', async ({ page }) => {
  await openTickets(['Viewwalk: label printer jams', 'Viewwalk: label printer offline'])
  await signIn(page, AGENT.email, AGENT.password)
  const queue = page.getByRole('list', { name: 'Tickets' })
  await expect(queue.getByRole('link').first()).toBeVisible()
  const filters = page.getByRole('region', { name: 'Filters' })
  await filters.getByLabel('Priority').selectOption('low')
  await page.getByLabel('Search tickets').fill('Viewwalk')
  await expect(queue.getByRole('link')).toHaveCount(2)

  const views = page.getByRole('navigation', { name: 'Saved views' })
  await views.getByRole('button', { name: 'Save current filters as view' }).click()
  const dialog = page.getByRole('dialog', { name: 'Save as view' })
  await expect(dialog.getByLabel('Query')).toHaveValue(/priority:low Viewwalk$/)
  await dialog.getByLabel('View name').fill('Low viewwalk')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toHaveCount(0)
  // The new view runs at once, on its own (the filters cleared), with its count.
  const mine = views.getByRole('button', { name: /^Low viewwalk/ })
  await expect(mine).toHaveAttribute('aria-current', 'true')
  await expect(page).toHaveURL(/view_id=\d+/)
  await expect(page.getByLabel('Search tickets')).toHaveValue('')
  await expect(queue.getByRole('link')).toHaveCount(2)
  await expect(mine).toContainText('2')

  // Elsewhere and back.
  await page.getByRole('button', { name: /^All open/ }).click()
  await expect(mine).not.toHaveAttribute('aria-current', 'true')
  await mine.click()
  await expect(queue.getByRole('link')).toHaveCount(2)

  await views.getByRole('button', { name: 'Edit view Low viewwalk' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit view' })
  await edit.getByLabel('View name').fill('Viewwalk, low')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(views.getByRole('button', { name: /^Viewwalk, low/ })).toBeVisible()
  await views.getByRole('button', { name: 'Edit view Viewwalk, low' }).click()
  await edit.getByRole('button', { name: 'Delete' }).click()
  await confirmAction(page)
  await expect(views.getByRole('button', { name: /^Viewwalk, low/ })).toHaveCount(0)
  await expect(page).not.toHaveURL(/view_id=/)
})

test('an agent follows a ticket, finds it under Following, and is told of a change made behind their back', async ({ page }) => {
  const [ref] = await openTickets(['Followwalk: the stale write'])
  // No live updates in this page, so the colleague's change stays unseen
  // until the server refuses the stale write.
  await page.routeWebSocket(/.*/, () => {})
  await signIn(page, AGENT.email, AGENT.password)
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible()
  await page.goto(`agent/tickets/${ref}`)
  await expect(page.getByRole('heading', { name: 'Followwalk: the stale write' })).toBeVisible()
  const props = page.getByRole('region', { name: 'Properties' })
  const followers = props.getByRole('group', { name: 'Followers' })
  await expect(followers).toContainText('Nobody follows this ticket.')
  await followers.getByRole('button', { name: 'Follow' }).click()
  await expect(followers).toContainText('Sam Agent')
  await expect(followers.getByRole('button', { name: 'Unfollow' })).toBeVisible()
  await page.getByRole('button', { name: /^Following/ }).click()
  await expect(page.getByRole('list', { name: 'Tickets' }).getByRole('link', { name: /Followwalk/ })).toBeVisible()

  // An admin raises the priority through the API meanwhile.
  const api = await http.newContext({ baseURL: process.env.ESCALATED_BASE + '/' })
  const login = await api.post('auth/login', { data: { email: ADMIN.email, password: ADMIN.password } })
  const { csrf_token } = await login.json()
  const ticket = await (await api.get(`agent/tickets/${ref}`)).json()
  const r = await api.post(`agent/tickets/${ticket.id}/priority`, { data: { priority: 'high' }, headers: { 'X-CSRF-Token': csrf_token } })
  expect(r.ok()).toBeTruthy()
  await api.dispose()

  allowHttpStatus(page, 409)
  await props.getByLabel('Status').selectOption('in_progress')
  const alert = page.getByRole('alert').filter({ hasText: 'This ticket changed since you opened it.' })
  await expect(alert).toContainText('Ada Admin changed the priority from Low to High')
  // The pane shows the ticket as it is now, the change not applied.
  await expect(props.getByLabel('Priority')).toHaveValue('high')
  await expect(props.getByLabel('Status')).toHaveValue('open')
  await alert.getByRole('button', { name: 'Apply my change anyway' }).click()
  await expect(alert).toHaveCount(0)
  await expect(props.getByLabel('Status')).toHaveValue('in_progress')
})
