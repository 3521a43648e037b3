// Live updates: one WebSocket per tab to {prefix}/ws, shared by every view
// that listens (see GET /ws in docs/openapi.yaml). Views call useLive(topic,
// handler) while mounted; the socket opens when the first listener comes,
// subscribes to each topic someone listens to, reconnects with growing
// pauses (1 s doubling to 30 s) after a drop, and closes when nobody listens
// or the user signs out. Only when the server says real time is on
// (`real_time` in GET /auth/me), so a server without it sees no attempts.
// After a reconnection every listener gets {type: 'reconnected'}.
import { onBeforeUnmount, ref, watch } from 'vue'
import { BASE, get, type Me } from './api'
import { session } from './session'

export interface LiveMessage {
  type: string
  ticket_id?: number
  topic?: string
  ticket?: any
  reply?: any
  viewers?: { user_id: number; name: string }[]
  [key: string]: unknown
}
type Handler = (m: LiveMessage) => void
interface Listener { topic: string; fn: Handler }

const listeners = new Set<Listener>()
let socket: WebSocket | null = null
let enabled: Promise<boolean> | null = null
let retry: ReturnType<typeof setTimeout> | undefined
let pause = 1000
// Set once a socket has been open: a later open is a reconnection, after
// which listeners are told to refetch what they show (events sent while
// the socket was down are not replayed).
let wasOpen = false

// What the user is told: 'down' while a dropped connection is being
// retried (the page may be out of date), 'live' while open, else 'off'.
export const liveState = ref<'off' | 'live' | 'down'>('off')

function serverHasRealTime(): Promise<boolean> {
  // A failed answer is not remembered: the next listener asks again.
  enabled ??= get<Me>('auth/me').then((me) => !!me.real_time, () => {
    enabled = null
    return false
  })
  return enabled
}

const topics = () => new Set([...listeners].map((l) => l.topic))

function send(message: object) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
}

// A message is for a listener when it names the listener's ticket, or when
// the listener follows the whole queue (events only).
function concerns(l: Listener, m: LiveMessage): boolean {
  if (m.type === 'reconnected') return true
  if (l.topic === 'queue') return m.event_id !== undefined
  return m.ticket_id !== undefined && l.topic === `ticket:${m.ticket_id}`
}

async function connect() {
  if (socket || !listeners.size || !session.user || !(await serverHasRealTime())) return
  if (socket || !listeners.size) return
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BASE}ws`
  const ws = new WebSocket(url)
  socket = ws
  ws.onopen = () => {
    liveState.value = 'live'
    pause = 1000
    for (const topic of topics()) send({ type: 'subscribe', topic })
    if (wasOpen) for (const l of [...listeners]) l.fn({ type: 'reconnected' })
    wasOpen = true
  }
  ws.onmessage = (e) => {
    let m: LiveMessage
    try {
      m = JSON.parse(e.data)
    } catch {
      return
    }
    for (const l of [...listeners]) if (concerns(l, m)) l.fn(m)
  }
  ws.onclose = () => {
    if (socket !== ws) return
    socket = null
    if (!listeners.size || !session.user) {
      liveState.value = 'off'
      return
    }
    liveState.value = 'down'
    clearTimeout(retry)
    retry = setTimeout(connect, pause)
    pause = Math.min(pause * 2, 30000)
  }
}

function disconnect() {
  liveState.value = 'off'
  clearTimeout(retry)
  const ws = socket
  socket = null
  if (!ws) return
  // Closing a socket that is still connecting makes the browser log an
  // error ("closed before the connection is established"), and a quick
  // click away from the queue does exactly that: let it open, then close.
  if (ws.readyState === WebSocket.CONNECTING) {
    ws.onopen = () => ws.close()
    ws.onmessage = null
  } else {
    ws.close()
  }
}

function listen(topic: string, fn: Handler): () => void {
  const l = { topic, fn }
  const fresh = !topics().has(topic)
  listeners.add(l)
  if (fresh) send({ type: 'subscribe', topic })
  connect()
  return () => {
    listeners.delete(l)
    if (!topics().has(topic)) send({ type: 'unsubscribe', topic })
    if (!listeners.size) disconnect()
  }
}

// Listens to `topic` (null: nothing) while the calling component lives,
// following the topic when it changes.
export function useLive(topic: () => string | null, fn: Handler) {
  let stop: (() => void) | null = null
  watch(topic, (t) => {
    stop?.()
    stop = t ? listen(t, fn) : null
  }, { immediate: true })
  onBeforeUnmount(() => stop?.())
}

// Signing out (or in as someone else) ends the socket; the next listener
// opens a new one with the new session.
watch(() => session.user?.id, () => {
  enabled = null
  wasOpen = false
  disconnect()
  if (listeners.size) connect()
})
