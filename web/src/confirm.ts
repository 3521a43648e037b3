// Asking before a destructive or irreversible action: one styled, accessible
// dialog (ConfirmDialog.vue, mounted once in App.vue) instead of the
// browser's confirm(). `askConfirm` answers true when the person confirms,
// false when they cancel (the button, Escape, or a click beside the dialog).
import { shallowRef } from 'vue'
import { t } from './i18n'

export interface ConfirmRequest {
  title: string // the question: "Delete the macro Refund?"
  body?: string // what follows from it, when the title does not say
  confirm: string // the confirming button's label: "Delete"
  danger?: boolean // destructive: the confirming button is red
  opener?: HTMLElement // where focus goes back to; else what had focus when asked
}
interface Pending extends ConfirmRequest { resolve: (ok: boolean) => void }

export const pendingConfirm = shallowRef<Pending | null>(null)

export function askConfirm(request: ConfirmRequest): Promise<boolean> {
  // One question at a time: a newer one cancels the older.
  pendingConfirm.value?.resolve(false)
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : undefined
  return new Promise((resolve) => {
    pendingConfirm.value = { ...request, opener: request.opener ?? focused, resolve }
  })
}

// Called by the dialog: answers the question and gives focus back to what
// had it when the question was asked.
export function answerConfirm(ok: boolean) {
  const p = pendingConfirm.value
  if (!p) return
  pendingConfirm.value = null
  p.resolve(ok)
  if (p.opener?.isConnected) p.opener.focus()
}

// The common case: "Delete the tag urgent?", confirmed by a red Delete.
export const confirmDelete = (title: string, body?: string) =>
  askConfirm({ title, body, confirm: t('tools.delete'), danger: true })
