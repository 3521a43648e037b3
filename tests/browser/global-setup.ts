// Starts the real `escalated` binary on a temporary SQLite database and a
// free loopback port, with an admin and an agent made by its CLI (there is
// no API route that creates staff accounts). Returns the teardown.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ADMIN = { name: 'Ada Admin', email: 'admin@example.com', password: 'admin-password-1' }
export const AGENT = { name: 'Sam Agent', email: 'sam@example.com', password: 'agent-password-1' }

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`escalated exited with ${child.exitCode}:\n${log()}`)
    try {
      const r = await fetch(url, { headers: { Accept: 'application/json' } })
      if (r.status === 401) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`escalated did not start:\n${log()}`)
}

// A signed-in API client: the session cookie and the CSRF token, as any
// integrator would hold them.
async function apiClient(base: string, path: string, body: object) {
  const r = await fetch(`${base}/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
  const cookie = r.headers.get('set-cookie')!.split(';')[0]
  const { csrf_token, user } = await r.json()
  return {
    user,
    async post(p: string, b: object = {}) {
      const res = await fetch(`${base}/${p}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf_token },
        body: JSON.stringify(b),
      })
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`)
      return res.json()
    },
  }
}

// A few tickets from other customers, so the queue looks like a working
// day. None mentions printers or is urgent: the tests filter for those.
// Four stay unassigned; one is the agent's.
// Then enough routine questions that the queue needs a second page.
export const SEEDED_ROUTINE = 24
export const SEEDED_UNASSIGNED = 4 + SEEDED_ROUTINE
export const SEEDED_OPEN = 5 + SEEDED_ROUTINE
async function seed(base: string) {
  const dev = await apiClient(base, 'auth/register', { name: 'Dev Patel', email: 'dev@example.com', password: 'dev-password-1' })
  const mia = await apiClient(base, 'auth/register', { name: 'Mia Wong', email: 'mia@example.com', password: 'mia-password-1' })
  const agent = await apiClient(base, 'auth/login', { email: AGENT.email, password: AGENT.password })
  const open = (c: typeof dev, subject: string, description: string, priority: string) =>
    c.post('tickets', { subject, description, priority })
  for (let i = 1; i <= SEEDED_ROUTINE; i++) {
    await open(i % 2 ? mia : dev, `Question about order #${1040 + i}`, `When will order #${1040 + i} ship?`, 'low')
  }
  const login = await open(dev, 'Cannot log in after password reset', 'The reset link works, but the new password is refused.', 'high')
  await open(mia, 'Invoice shows the wrong VAT number', 'Our March invoice lists last year\'s VAT number.', 'medium')
  const csv = await open(dev, 'Export to CSV times out', 'Exporting the 2025 orders stops after a minute with an error.', 'high')
  await open(mia, 'Feature request: keyboard shortcuts in the mobile app', 'Would love j/k on the tablet too.', 'low')
  await open(dev, 'Two-factor codes arrive late', 'SMS codes take five minutes to arrive, so they expire.', 'medium')
  await agent.post(`agent/tickets/${login.id}/assign`, { agent_id: agent.user.id })
  await agent.post(`agent/tickets/${login.id}/status`, { status: 'in_progress' })
  await agent.post(`agent/tickets/${csv.id}/reply`, { body: 'Could you tell us roughly how many orders the export holds?' })
}

export default async function globalSetup() {
  const bin = resolve(process.env.ESCALATED_BIN || '../../build/app/escalated')
  const webRoot = resolve(process.env.ESCALATED_WEB_ROOT || '../../web/dist')
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}; run make build`)
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`no built UI in ${webRoot}; run make web`)
  const dir = mkdtempSync(join(tmpdir(), 'escalated-browser-'))
  const database = `sqlite:${join(dir, 'helpdesk.db')}`
  for (const [user, role] of [[ADMIN, 'admin'], [AGENT, 'agent']] as const) {
    execFileSync(bin, ['user', 'add', '--database', database, '--email', user.email, '--name', user.name,
      '--password', user.password, '--role', role], { stdio: 'pipe' })
  }
  const port = await freePort()
  let output = ''
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      ESCALATED_DATABASE_URL: database,
      ESCALATED_LISTEN: `127.0.0.1:${port}`,
      ESCALATED_WEB_ROOT: webRoot,
      ESCALATED_LOG_REQUESTS: '0',
      // The webhook test's receiver listens on loopback, which the SSRF
      // check refuses unless the host is allowed.
      ESCALATED_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // Live updates over WebSocket (realtime.spec.ts).
      ESCALATED_REAL_TIME: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const base = `http://127.0.0.1:${port}/support`
  await waitUntilUp(`${base}/auth/me`, child, () => output)
  await seed(base)
  process.env.ESCALATED_BASE = base
  return async () => {
    child.kill('SIGTERM')
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    rmSync(dir, { recursive: true, force: true })
  }
}
