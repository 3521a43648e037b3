// Sends the bad input derive.mjs makes from docs/openapi.yaml to the real
// server and requires, for every variant, a 4xx problem+json whose `errors`
// name the member at fault, with nothing written to the database; then sends
// each operation's own example and requires it to be accepted. Every answer
// is also checked against the document (status, content type, body), and
// written to the exchange log so contract_check counts it in the coverage.
//
//   node bad-inputs.mjs --bin build/app/escalated [--log DIR] [--report FILE]
//
// The server is the real binary on a fresh SQLite file and a free loopback
// port, with request budgets off (thousands of requests from one client).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { commandOptions, Contract } from './contract.mjs';
import { bodyVariants, inputsOf, queryVariants } from './derive.mjs';
import { totp } from './totp.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIX = '/support';

const ADMIN = { name: 'Ada Admin', email: 'ada@example.test', password: 'admin-password-1' };
const CUSTOMER = { name: 'Cleo Customer', email: 'cleo@example.test', password: 'customer-password-1' };

const options = (argv) =>
  commandOptions(argv, { spec: join(root, 'docs/openapi.yaml'), bin: null, log: null, report: null },
    { bin: '--bin PATH (the escalated binary)' });

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// The server, started on its own database, with the given users made by the
// command line (no API route makes the first admin).
async function startServer(bin, users) {
  const dir = mkdtempSync(join(tmpdir(), 'escalated-bad-inputs-'));
  const file = join(dir, 'helpdesk.db');
  for (const u of users)
    execFileSync(bin, ['user', 'add', '--database', `sqlite:${file}`, '--email', u.email, '--name', u.name,
      '--password', u.password, '--role', u.role], { stdio: 'pipe' });
  const port = await freePort();
  let output = '';
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      ESCALATED_DATABASE_URL: `sqlite:${file}`,
      ESCALATED_LISTEN: `127.0.0.1:${port}`,
      ESCALATED_LOG_REQUESTS: '0',
      ESCALATED_RATE_LIMITS: '0',
      ESCALATED_TEST_CLOCK: '1',
      ESCALATED_ALLOW_REGISTRATION: '1',
      ESCALATED_GUEST_ENABLED: '1',
      ESCALATED_ATTACHMENTS_DIR: join(dir, 'attachments'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`escalated exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${base}${PREFIX}/auth/me`, { headers: { Accept: 'application/json' } });
      if (r.status === 401) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`escalated did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    file,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// What is in the database. The files (the SQLite file and its write-ahead
// log) are hashed first; only when they changed is the content itself
// compared (sqlite3's .dump), since a checkpoint moves pages without
// changing a row.
class Fingerprint {
  constructor(file) {
    this.file = file;
    this.raw = null;
    this.dump = null;
  }

  rawHash() {
    const hash = createHash('sha256');
    for (const f of [this.file, `${this.file}-wal`]) if (existsSync(f)) hash.update(readFileSync(f));
    return hash.digest('hex');
  }

  content() {
    return execFileSync('sqlite3', ['-readonly', this.file, '.dump'], { maxBuffer: 256 << 20 }).toString();
  }

  // Waits until the files stop changing: an accepted request may leave
  // work that commits just after its answer (events relayed, timers set),
  // which must not be taken for a write of the next, refused request.
  async settle() {
    let last = this.rawHash();
    for (let quiet = 0, tries = 0; quiet < 3 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      const now = this.rawHash();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
  }

  // The content now (from the last reading when the files did not change).
  take() {
    const raw = this.rawHash();
    if (raw !== this.raw) {
      this.raw = raw;
      this.dump = this.content();
    }
    return this.dump;
  }
}

// A client as an integrator holds one: the session cookie and CSRF token.
class Client {
  constructor(base, record) {
    this.base = base;
    this.record = record;
    this.cookie = null;
    this.csrf = null;
    this.user = null;
  }

  async signIn(email, password) {
    const r = await this.send('POST', '/auth/login', { json: { email, password } });
    if (r.status !== 200) throw new Error(`sign-in of ${email}: ${r.status} ${r.text}`);
    this.user = r.body.user;
    return this;
  }

  // `path` under the prefix; `json` a body to send as JSON, `raw` a text
  // body; `query` a string after "?".
  async send(method, path, { json, raw, query } = {}) {
    const headers = { Accept: 'application/json' };
    let body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (raw !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = raw;
    }
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    const url = `${this.base}${PREFIX}${path}${query !== undefined ? `?${query}` : ''}`;
    const r = await fetch(url, { method, headers, body });
    const text = await r.text();
    const type = r.headers.get('content-type') || '';
    const cookie = r.headers.get('set-cookie');
    let parsed = null;
    if (/json/.test(type) && text) parsed = JSON.parse(text);
    // A new session (sign-in, and the account changes that end the others)
    // comes as a cookie and its CSRF token.
    if (cookie && r.status >= 200 && r.status < 300 && cookie.split(';')[0].split('=')[1]) {
      this.cookie = cookie.split(';')[0];
      if (parsed?.csrf_token) this.csrf = parsed.csrf_token;
    }
    const exchange = {
      prefix: PREFIX,
      method,
      path: `${PREFIX}${path}${query !== undefined ? `?${query}` : ''}`,
      accept: headers.Accept,
      request_content_type: headers['Content-Type'] || '',
      request_body: body ?? null,
      status: r.status,
      response_content_type: type,
      response_length: Buffer.byteLength(text),
      response_body: /json/.test(type) ? text : null,
    };
    this.record(exchange);
    return { status: r.status, type, text, body: parsed };
  }
}

const listItems = (body) => (Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : []);

async function main() {
  const o = options(process.argv.slice(2));
  const doc = parse(readFileSync(o.spec, 'utf8'));
  const contract = new Contract(doc);
  const inputs = inputsOf(doc);
  const exampleOf = (id) => inputs.find((i) => i.id === id)?.body?.example;

  // The users the examples speak of: the sign-in example's, and the account
  // whose password the change-password example knows.
  const signInExample = exampleOf('login');
  const passwordExample = exampleOf('changePassword');
  const ACCOUNT = { name: 'Avery Account', email: 'avery@example.test', password: passwordExample?.current_password ?? 'account-password-1' };
  const users = [
    { ...ADMIN, role: 'admin' },
    { ...CUSTOMER, role: 'customer' },
    { ...ACCOUNT, role: 'customer' },
  ];
  if (signInExample) users.push({ name: 'Sign-in Example', email: signInExample.email, password: signInExample.password, role: 'customer' });

  const server = await startServer(resolve(o.bin), users);
  const exchanges = [];
  const contractProblems = [];
  const record = (ex) => {
    exchanges.push(ex);
    for (const p of contract.check(ex).problems) contractProblems.push(`${ex.method} ${ex.path} -> ${ex.status}: ${p}`);
  };
  const failures = [];
  const counts = { operations: 0, variants: 0, refused: 0, examples: 0, accepted: 0, skipped: [] };
  try {
    const database = new Fingerprint(server.file);
    const anonymous = new Client(server.base, record);
    const admin = await new Client(server.base, record).signIn(ADMIN.email, ADMIN.password);
    const customer = await new Client(server.base, record).signIn(CUSTOMER.email, CUSTOMER.password);
    const account = await new Client(server.base, record).signIn(ACCOUNT.email, ACCOUNT.password);

    const clientFor = (input) => {
      if (input.path.startsWith(`${PREFIX}/auth/`)) return input.access === 'public' ? anonymous : account;
      if (input.path.startsWith(`${PREFIX}/_test/`)) return anonymous;
      if (input.path.startsWith(`${PREFIX}/tickets`)) return customer;
      if (input.path.startsWith(`${PREFIX}/widget/tickets`)) return anonymous;
      return admin;
    };

    // A fresh ticket of the customer's, from the document's own example.
    const newTicket = async () => {
      const r = await customer.send('POST', '/tickets', { json: exampleOf('createTicket') });
      if (r.status !== 201) throw new Error(`creating a ticket from the createTicket example: ${r.status} ${r.text}`);
      return r.body.id;
    };
    const sharedTicket = await newTicket();
    // A guest's ticket from the createGuestTicket example: its magic link
    // stands in for {token}, its id for what staff do to it.
    const newGuestTicket = async () => {
      const r = await anonymous.send('POST', '/widget/tickets', { json: exampleOf('createGuestTicket') });
      if (r.status !== 201) throw new Error(`creating a guest ticket from the createGuestTicket example: ${r.status} ${r.text}`);
      await database.settle();  // its acknowledgement is queued just after the answer
      return { token: r.body.token, id: Number(r.body.reference.replace(/^[^-]*-/, '')) };
    };
    const guestTickets = new Map();  // token -> ticket id

    // Path parameters: a ticket for ticket routes; otherwise the last item
    // of the collection the path is in (the one its example made, when the
    // collection's create example ran first).
    const resolvePath = async (input, fresh) => {
      let path = input.path.slice(PREFIX.length);
      for (const name of input.pathParameters) {
        const at = path.indexOf(`{${name}}`);
        const collection = path.slice(0, at - 1);
        let value;
        if (name === 'ticket') value = sharedTicket;
        else if (name === 'rating') value = 5;
        else if (name === 'token') {
          const g = await newGuestTicket();
          guestTickets.set(g.token, g.id);
          value = g.token;
        } else if (/\/tickets$/.test(collection)) value = fresh ? await newTicket() : sharedTicket;
        else {
          const r = await admin.send('GET', collection);
          const items = listItems(r.body);
          const item = items[items.length - 1];
          if (!item) throw new Error(`${input.id}: ${collection} lists nothing to take {${name}} from`);
          value = item.id ?? item.key;
        }
        path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
      }
      return path;
    };

    // The server's clock (the test clock), moved on by `seconds` first.
    const serverNow = async (seconds) => {
      const r = await anonymous.send('POST', '/_test/clock', { json: { advance_seconds: seconds } });
      if (r.status !== 200) throw new Error(`test clock: ${r.status} ${r.text}`);
      return Date.parse(r.body.now);
    };
    let twoFactorSecret = null;

    // What an example needs before it can be accepted.
    const prepare = {
      rateMyTicket: async (path) => {
        const id = path.split('/')[2];
        const r = await admin.send('POST', `/agent/tickets/${id}/status`, { json: { status: 'resolved' } });
        if (r.status !== 200) throw new Error(`resolving ticket ${id} to rate it: ${r.status} ${r.text}`);
      },
      rateAsGuest: async (path) => {
        const id = guestTickets.get(decodeURIComponent(path.split('/')[3]));
        const r = await admin.send('POST', `/agent/tickets/${id}/status`, { json: { status: 'resolved' } });
        if (r.status !== 200) throw new Error(`resolving guest ticket ${id} to rate it: ${r.status} ${r.text}`);
      },
      confirmTwoFactor: async (path, body) => {
        const r = await account.send('POST', '/auth/2fa/setup');
        if (r.status !== 200) throw new Error(`2FA setup: ${r.status} ${r.text}`);
        twoFactorSecret = r.body.secret;
        return { ...body, code: totp(twoFactorSecret, await serverNow(0)) };
      },
      // A code of the next time step: one is good once.
      disableTwoFactor: async (path, body) => {
        if (!twoFactorSecret) throw new Error('two-factor sign-in was not turned on');
        return { ...body, password: ACCOUNT.password, code: totp(twoFactorSecret, await serverNow(30)) };
      },
    };
    // What follows from an accepted example.
    const after = {
      // The session that changed the password is the account's only one
      // now; sign in again with the new password, as the user would.
      changePassword: async (body) => {
        ACCOUNT.password = body.new_password;
        await account.signIn(ACCOUNT.email, ACCOUNT.password);
      },
    };
    // Examples that cannot be accepted here, and why.
    const cannotAccept = {
      resetPassword: 'needs the token from a reset mail',
    };

    // Creation examples first: the later operations' path parameters name
    // what they made.
    const ordered = [...inputs].sort((a, b) => a.pathParameters.length - b.pathParameters.length);
    for (const input of ordered) {
      const body = input.body;
      const hasQuery = input.query.length > 0;
      if (!body && !hasQuery) continue;
      counts.operations++;
      const client = clientFor(input);
      const path = await resolvePath(input, false);
      const where = `${input.id} (${input.method} ${input.path})`;

      const variants = [];
      if (body) {
        if (body.example === undefined) {
          failures.push(`${where}: the JSON request body has no example to derive from`);
        } else {
          for (const v of bodyVariants(doc, body.schema, body.example)) variants.push({ ...v, json: v.body });
          // A body that is not a JSON object: 400, which the operation
          // must list.
          for (const raw of ['{"unterminated": ', '["a list"]'])
            variants.push({ path: null, kind: 'not a JSON object', raw });
        }
      }
      if (hasQuery) for (const v of queryVariants(doc, input.query)) variants.push({ ...v, query: `${encodeURIComponent(v.path)}=${encodeURIComponent(v.query)}` });

      for (const v of variants) {
        counts.variants++;
        const before = database.take();
        const r = await client.send(input.method, path, { json: v.json, raw: v.raw, query: v.query });
        const after = database.take();
        const named = v.path === null
          ? r.status === 400
          : r.body?.errors && Object.keys(r.body.errors).some((f) => f === v.path || f.startsWith(`${v.path}.`) || f.startsWith(`${v.path}[`));
        const problems = [];
        if (r.status < 400 || r.status >= 500) problems.push(`answered ${r.status}`);
        else if (!/application\/problem\+json/.test(r.type)) problems.push(`answered ${r.status} as ${r.type}`);
        else if (!named) problems.push(`answered ${r.status} naming ${JSON.stringify(Object.keys(r.body?.errors || {}))} (${r.body?.detail})`);
        if (before !== after) {
          // Background work of an earlier, accepted request (a mail's
          // delivery attempt, a relayed event) may commit at any moment;
          // a refused request that writes writes again when sent again.
          await database.settle();
          const again = database.take();
          await client.send(input.method, path, { json: v.json, raw: v.raw, query: v.query });
          if (database.take() !== again) problems.push('wrote to the database');
        }
        if (problems.length) failures.push(`${where}: ${v.kind} ${v.path}: ${problems.join('; ')}  body=${v.raw ?? JSON.stringify(v.json ?? v.query)}`);
        else counts.refused++;
      }

      if (body && body.example !== undefined) {
        if (cannotAccept[input.id]) {
          counts.skipped.push(`${input.id}: ${cannotAccept[input.id]}`);
          continue;
        }
        counts.examples++;
        const examplePath = /\/tickets\/\{id\}/.test(input.path) ? await resolvePath(input, true) : path;
        let json = body.example;
        try {
          if (prepare[input.id]) json = (await prepare[input.id](examplePath, json)) ?? json;
        } catch (e) {
          failures.push(`${where}: preparing its example: ${e.message}`);
          continue;
        }
        const r = await client.send(input.method, examplePath, { json });
        await database.settle();
        if (r.status >= 200 && r.status < 300) {
          counts.accepted++;
          if (after[input.id]) await after[input.id](json);
        }
        else failures.push(`${where}: its own example was refused: ${r.status} ${r.text}`);
      }
    }
  } finally {
    await server.stop();
  }

  const lines = [
    'Bad input derived from docs/openapi.yaml (tests/contract/bad-inputs.mjs)',
    `Operations with a JSON body or query parameters: ${counts.operations}`,
    `Derived bad inputs: ${counts.variants}, refused as the document says: ${counts.refused}`,
    `Examples sent: ${counts.examples}, accepted: ${counts.accepted}`,
    `Examples not sent: ${counts.skipped.length ? counts.skipped.join('; ') : 'none'}`,
  ];
  const summary = lines.join('\n') + '\n';
  process.stdout.write(summary);
  if (o.report) {
    mkdirSync(dirname(o.report), { recursive: true });
    writeFileSync(o.report, summary + (failures.length ? `\nFailures:\n${failures.join('\n')}\n` : ''));
  }
  if (o.log) {
    mkdirSync(o.log, { recursive: true });
    writeFileSync(join(o.log, 'bad-inputs.jsonl'), exchanges.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  if (contractProblems.length) {
    console.error(`\n${contractProblems.length} answer(s) break docs/openapi.yaml:`);
    for (const p of contractProblems) console.error('  ' + p);
  }
  if (failures.length) {
    console.error(`\n${failures.length} failure(s):`);
    for (const f of failures) console.error('  ' + f);
  }
  if (failures.length || contractProblems.length) process.exit(1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
