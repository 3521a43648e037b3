// Short messages in the corner: what went wrong after an optimistic change
// was rolled back, or that something worked.
import { reactive } from 'vue'
import { t } from './i18n'

// The same message again (ten tickets failing one bulk change, a flaky
// connection) merges into the one shown, with a count, and restarts its
// timer; at most MAX_SHOWN stay on screen, the oldest going first, so toasts
// never pile up over the page.
export interface Toast { id: number; text: string; kind: 'error' | 'ok'; count: number }
export const toasts = reactive<Toast[]>([])
const MAX_SHOWN = 3
const timers = new Map<number, ReturnType<typeof setTimeout>>()
let next = 1

export function toast(text: string, kind: Toast['kind'] = 'ok') {
  const same = toasts.find((t) => t.text === text && t.kind === kind)
  const id = same ? same.id : next++
  if (same) same.count++
  else toasts.push({ id, text, kind, count: 1 })
  while (toasts.length > MAX_SHOWN) dismiss(toasts[0].id)
  clearTimeout(timers.get(id))
  timers.set(id, setTimeout(() => dismiss(id), kind === 'error' ? 7000 : 3500))
}
export function dismiss(id: number) {
  clearTimeout(timers.get(id))
  timers.delete(id)
  const i = toasts.findIndex((t) => t.id === id)
  if (i >= 0) toasts.splice(i, 1)
}

// Copies a secret to the clipboard and says so, or says how to copy it by
// hand (`byHand`: "select the token and copy it yourself").
export async function copyText(text: string, done: string, byHand: string) {
  try {
    await navigator.clipboard.writeText(text)
    toast(done)
  } catch {
    toast(t('common.copyFailed', { byHand }), 'error')
  }
}
