// The embeddable widget (GET {prefix}/widget.js), one script tag on any
// site:
//
//   <script src="https://help.example.com/support/widget.js" async
//           data-position="start" data-color="#0b6e4f" data-locale="de"></script>
//
// A launcher button opens a panel with the knowledge base's search
// (suggestions while one types), a new-ticket form for visitors without an
// account, and "my tickets": the magic links of the tickets sent from this
// browser (kept in the host page's localStorage under a key naming the
// helpdesk) and "find my ticket". Everything lives in a shadow root, so the
// host page's styles do not reach in and ours do not leak out. It talks to
// the helpdesk's widget API with fetch and no cookies (the magic link's
// token is the credential), at the address its own script came from; the
// server lets the origins of Widget.AllowedOrigins call it.
import css from './widget.css?inline'
import { pickLocale, RTL, t, useLocale } from './i18n'

interface Stored { reference: string; token: string; subject: string }
interface Problem { status: number; detail: string; errors: Record<string, string[]> }
interface SearchHit { id: number; slug: string; locale: string; title: string; snippet: string }

const script = document.currentScript as HTMLScriptElement | null

function start(tag: HTMLScriptElement) {
  if (document.querySelector('[data-escalated-widget]')) return // loaded twice
  const base = new URL('.', tag.src).href // "https://help.example.com/support/"
  const api = base + 'widget/'
  const storeKey = 'escalated-widget:' + base + ':tickets'
  const locale = pickLocale([tag.dataset.locale ?? '', ...(navigator.languages ?? [navigator.language])].filter(Boolean))
  useLocale(locale)

  // --- Talking to the helpdesk: JSON, no cookies; a non-2xx is a Problem.
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response
    try {
      res = await fetch(api + path, {
        method,
        credentials: 'omit',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch {
      throw { status: 0, detail: t('widget.unreachable'), errors: {} } satisfies Problem
    }
    const parsed = await res.json().catch(() => null)
    if (!res.ok) {
      throw { status: res.status, detail: parsed?.detail ?? t('widget.failed'), errors: parsed?.errors ?? {} } satisfies Problem
    }
    return parsed as T
  }
  const asProblem = (e: unknown): Problem =>
    e && typeof e === 'object' && 'status' in e ? (e as Problem) : { status: 0, detail: t('widget.failed'), errors: {} }

  // --- The tickets sent from this browser.
  function stored(): Stored[] {
    try {
      const list = JSON.parse(localStorage.getItem(storeKey) ?? '[]')
      return Array.isArray(list) ? list.filter((s) => s && typeof s.token === 'string') : []
    } catch {
      return []
    }
  }
  function remember(s: Stored) {
    try {
      localStorage.setItem(storeKey, JSON.stringify([s, ...stored().filter((o) => o.token !== s.token)].slice(0, 20)))
    } catch {
      // Storage is off (private mode, a full quota): the mail has the link.
    }
  }
  const ticketUrl = (token: string) => base + 'guest/ticket?token=' + encodeURIComponent(token)

  // --- A little DOM builder.
  type Child = Node | string | null | undefined | false
  function h<K extends keyof HTMLElementTagNameMap>(name: K, attrs: Record<string, string | boolean> = {}, ...children: Child[]) {
    const el = document.createElement(name)
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false) continue
      el.setAttribute(k, v === true ? '' : v)
    }
    for (const c of children) if (c) el.append(c)
    return el
  }
  let ids = 0
  const uid = (name: string) => `ew-${name}-${++ids}`

  // A snippet is escaped text with the matches in <mark>: rebuilt from its
  // text, so nothing else of it reaches the page.
  function snippet(html: string): Node {
    const tpl = document.createElement('template')
    tpl.innerHTML = html
    const out = h('span', { class: 'snippet' })
    for (const n of Array.from(tpl.content.childNodes)) {
      out.append(n.nodeName === 'MARK' ? h('mark', {}, n.textContent ?? '') : (n.textContent ?? ''))
    }
    return out
  }
  function articleLink(hit: SearchHit) {
    const href = base + 'kb/articles/' + encodeURIComponent(hit.slug) + (hit.locale !== 'en' ? '?locale=' + encodeURIComponent(hit.locale) : '')
    return h('li', {}, h('a', { href, target: '_blank', rel: 'noopener' }, hit.title), snippet(hit.snippet))
  }

  // Searches as one types (after a pause), into `list`; the live region says
  // how many were found.
  // `anyWord`: an article with any of the words will do (suggestions under a
  // subject, a sentence rarely all found in one article).
  function searcher(list: HTMLElement, status: HTMLElement, emptyText: string, anyWord = false) {
    let timer: ReturnType<typeof setTimeout> | undefined
    let seq = 0
    return (q: string) => {
      clearTimeout(timer)
      if (q.trim().length < 2) {
        list.replaceChildren()
        status.textContent = ''
        return
      }
      timer = setTimeout(async () => {
        const mine = ++seq
        try {
          const found = await call<{ data: SearchHit[] }>('GET', `kb/search?q=${encodeURIComponent(q.trim())}&limit=5&locale=${encodeURIComponent(locale)}${anyWord ? '&match=any' : ''}`)
          if (mine !== seq) return
          list.replaceChildren(...found.data.map(articleLink))
          status.textContent = found.data.length ? t('widget.found', { n: String(found.data.length) }) : emptyText
        } catch {
          if (mine === seq) status.textContent = ''
        }
      }, 250)
    }
  }

  // --- The shadow root and its look.
  const host = h('div', { 'data-escalated-widget': '' })
  const root = host.attachShadow({ mode: 'open' })
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [sheet]
  } else {
    root.append(h('style', {}, css))
  }
  const color = tag.dataset.color ?? ''
  if (color && CSS.supports('color', color)) host.style.setProperty('--ew-accent', color)
  const wrap = h('div', {
    class: 'ew ' + (tag.dataset.position === 'start' ? 'ew-start' : 'ew-end'),
    dir: RTL.has(locale) ? 'rtl' : 'ltr',
    lang: locale,
  })
  root.append(wrap)

  const panelId = uid('panel')
  const titleId = uid('title')
  const launcher = h('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId, 'aria-label': t('widget.open') },
    h('span', { 'aria-hidden': 'true' }, '?'))
  const closeBtn = h('button', { class: 'close', type: 'button', 'aria-label': t('widget.close') }, h('span', { 'aria-hidden': 'true' }, '×'))
  const panel = h('section', { class: 'panel', id: panelId, role: 'dialog', 'aria-labelledby': titleId, hidden: true },
    h('header', { class: 'head' }, h('h2', { id: titleId }, t('widget.title')), closeBtn))

  // --- Tabs: search, new ticket, my tickets.
  const tabs = [
    { name: 'search', label: t('widget.tabSearch') },
    { name: 'new', label: t('widget.tabNew') },
    { name: 'mine', label: t('widget.tabMine') },
  ]
  const tablist = h('div', { class: 'tabs', role: 'tablist' })
  const tabButtons: HTMLButtonElement[] = []
  const tabPanels: HTMLElement[] = []
  for (const [i, tab] of tabs.entries()) {
    const tabId = uid('tab')
    const bodyId = uid('tabpanel')
    const b = h('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': bodyId, 'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1' }, tab.label)
    const p = h('div', { role: 'tabpanel', id: bodyId, 'aria-labelledby': tabId, class: 'body', hidden: i !== 0 })
    b.addEventListener('click', () => select(i))
    b.addEventListener('keydown', (ev) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[ev.key]
      if (!step) return
      ev.preventDefault()
      const next = (i + (wrap.dir === 'rtl' ? -step : step) + tabs.length) % tabs.length
      select(next)
      tabButtons[next].focus()
    })
    tabButtons.push(b)
    tabPanels.push(p)
    tablist.append(b)
  }
  panel.append(tablist, ...tabPanels)
  function select(i: number) {
    tabButtons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j))
      b.tabIndex = i === j ? 0 : -1
      tabPanels[j].hidden = i !== j
    })
    if (i === 2) showMine()
  }

  // Search.
  {
    const id = uid('q')
    const input = h('input', { id, type: 'search', class: 'input', autocomplete: 'off', placeholder: t('widget.searchPlaceholder') })
    const status = h('p', { class: 'muted', role: 'status' })
    const list = h('ul', { class: 'hits' })
    const search = searcher(list, status, t('widget.noResults'))
    input.addEventListener('input', () => search(input.value))
    const ask = h('button', { type: 'button', class: 'link' }, t('widget.askUs'))
    ask.addEventListener('click', () => select(1))
    tabPanels[0].append(h('label', { for: id }, t('widget.searchLabel')), input, status, list, h('p', {}, ask))
  }

  // New ticket.
  {
    const form = h('form', { class: 'form', novalidate: true })
    const fields: Record<string, HTMLInputElement | HTMLTextAreaElement> = {}
    const errorsOf: Record<string, HTMLElement> = {}
    const suggestList = h('ul', { class: 'hits' })
    const suggestStatus = h('p', { class: 'muted', role: 'status' })
    const suggest = searcher(suggestList, suggestStatus, '', true)
    const defs: [string, string, string][] = [
      ['name', t('widget.name'), 'name'],
      ['email', t('widget.email'), 'email'],
      ['subject', t('widget.subject'), 'off'],
      ['description', t('widget.description'), 'off'],
    ]
    for (const [name, label, autocomplete] of defs) {
      const id = uid(name)
      const errId = id + '-error'
      const control = name === 'description'
        ? h('textarea', { id, name, class: 'input', rows: '4', required: true })
        : h('input', { id, name, class: 'input', type: name === 'email' ? 'email' : 'text', autocomplete, required: true })
      const err = h('span', { id: errId, class: 'error' })
      fields[name] = control
      errorsOf[name] = err
      form.append(h('div', { class: 'field' }, h('label', { for: id }, label), control, err))
      if (name === 'subject') {
        control.addEventListener('input', () => suggest(control.value))
        form.append(suggestStatus, suggestList)
      }
    }
    const alert = h('p', { class: 'alert', role: 'alert', hidden: true })
    const send = h('button', { type: 'submit', class: 'primary' }, t('widget.send'))
    form.append(alert, send)
    const done = h('div', { class: 'done', hidden: true, role: 'status' })

    function showErrors(errors: Record<string, string[]>) {
      let first: HTMLElement | null = null
      for (const [name, control] of Object.entries(fields)) {
        const list = errors[name]
        errorsOf[name].textContent = list?.length ? list.join('; ') : ''
        control.setAttribute('aria-invalid', String(!!list?.length))
        if (list?.length) control.setAttribute('aria-describedby', errorsOf[name].id)
        else control.removeAttribute('aria-describedby')
        if (list?.length && !first) first = control
      }
      first?.focus()
      return !!first
    }
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault()
      const values = Object.fromEntries(Object.entries(fields).map(([k, c]) => [k, c.value.trim()]))
      const missing = Object.fromEntries(Object.entries(values).filter(([, v]) => !v).map(([k]) => [k, [t('widget.required')]]))
      alert.hidden = true
      if (showErrors(missing)) return
      send.disabled = true
      send.textContent = t('widget.sending')
      try {
        const made = await call<{ reference: string; token: string }>('POST', 'tickets', values)
        remember({ reference: made.reference, token: made.token, subject: values.subject })
        form.reset()
        suggestList.replaceChildren()
        suggestStatus.textContent = ''
        form.hidden = true
        const again = h('button', { type: 'button', class: 'link' }, t('widget.another'))
        again.addEventListener('click', () => {
          done.hidden = true
          form.hidden = false
          fields.name.focus()
        })
        done.replaceChildren(
          h('p', {}, t('widget.sent', { reference: made.reference })),
          h('p', {}, h('a', { href: ticketUrl(made.token), target: '_blank', rel: 'noopener' }, t('widget.openTicket'))),
          h('p', {}, again),
        )
        done.hidden = false
      } catch (e) {
        const p = asProblem(e)
        if (!showErrors(p.errors)) {
          alert.textContent = p.detail
          alert.hidden = false
        }
      } finally {
        send.disabled = false
        send.textContent = t('widget.send')
      }
    })
    tabPanels[1].append(form, done)
  }

  // My tickets, and "find my ticket".
  const mineList = h('ul', { class: 'mine' })
  function showMine() {
    const list = stored()
    mineList.replaceChildren(...(list.length
      ? list.map((s) => h('li', {}, h('a', { href: ticketUrl(s.token), target: '_blank', rel: 'noopener' }, s.reference), ' ', h('span', { class: 'muted' }, s.subject)))
      : [h('li', { class: 'muted' }, t('widget.mineEmpty'))]))
  }
  {
    const form = h('form', { class: 'form', novalidate: true })
    const refId = uid('ref')
    const mailId = uid('mail')
    const reference = h('input', { id: refId, class: 'input', autocomplete: 'off', required: true })
    const email = h('input', { id: mailId, class: 'input', type: 'email', autocomplete: 'email', required: true })
    const status = h('p', { class: 'muted', role: 'status' })
    const send = h('button', { type: 'submit', class: 'primary' }, t('widget.findSend'))
    form.append(
      h('h3', {}, t('widget.findTitle')),
      h('p', { class: 'muted' }, t('widget.findHelp')),
      h('div', { class: 'field' }, h('label', { for: refId }, t('widget.reference')), reference),
      h('div', { class: 'field' }, h('label', { for: mailId }, t('widget.email')), email),
      send, status,
    )
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault()
      if (!reference.value.trim() || !email.value.trim()) {
        status.textContent = t('widget.required')
        return
      }
      send.disabled = true
      try {
        await call('POST', 'tickets/find', { reference: reference.value.trim(), email: email.value.trim() })
        status.textContent = t('widget.findSent')
      } catch (e) {
        status.textContent = asProblem(e).detail
      } finally {
        send.disabled = false
      }
    })
    tabPanels[2].append(mineList, form)
  }

  // --- Open and close.
  function toggle(open: boolean) {
    panel.hidden = !open
    launcher.setAttribute('aria-expanded', String(open))
    if (open) tabButtons.find((b) => b.getAttribute('aria-selected') === 'true')?.focus()
    else launcher.focus()
  }
  launcher.addEventListener('click', () => toggle(panel.hidden))
  closeBtn.addEventListener('click', () => toggle(false))
  panel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') toggle(false)
  })
  wrap.append(panel, launcher)
  document.body.append(host)
}

if (script?.src) {
  const tag = script
  if (document.body) start(tag)
  else document.addEventListener('DOMContentLoaded', () => start(tag), { once: true })
}
