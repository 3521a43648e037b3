// Short messages in the corner: what went wrong after an optimistic change
// was rolled back, or that something worked.
import { reactive } from 'vue'
import { t } from './i18n'

export interface Toast { id: number; text: string; kind: 'error' | 'ok' }
export const toasts = reactive<Toast[]>([])
let next = 1

export function toast(text: string, kind: Toast['kind'] = 'ok') {
  const id = next++
  toasts.push({ id, text, kind })
  setTimeout(() => dismiss(id), kind === 'error' ? 7000 : 3500)
}
export function dismiss(id: number) {
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
