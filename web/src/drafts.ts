// Unsent replies and notes survive navigation, reloads and `j`/`k`: each
// ticket's composer text is kept in this browser's localStorage (per user),
// saved a moment after typing stops, restored on return and dropped once
// sent.
export interface Draft { mode: 'reply' | 'note'; body: string }

const PREFIX = 'escalated.draft.'
const key = (user: number, ticket: string) => `${PREFIX}${user}.${ticket}`

export function loadDraft(user: number, ticket: string): Draft | null {
  try {
    const raw = localStorage.getItem(key(user, ticket))
    if (!raw) return null
    const d = JSON.parse(raw) as Draft
    return typeof d.body === 'string' && d.body.trim() ? { mode: d.mode === 'note' ? 'note' : 'reply', body: d.body } : null
  } catch {
    return null
  }
}

export function saveDraft(user: number, ticket: string, draft: Draft) {
  try {
    if (draft.body.trim()) localStorage.setItem(key(user, ticket), JSON.stringify(draft))
    else localStorage.removeItem(key(user, ticket))
  } catch {
    /* storage full or off: the composer still works, without drafts */
  }
}

export function clearDraft(user: number, ticket: string) {
  saveDraft(user, ticket, { mode: 'reply', body: '' })
}

// Calls `fn` once calls stop for `ms`; flush() runs a pending call now.
export function debounced(fn: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    schedule() {
      clearTimeout(timer)
      timer = setTimeout(() => {
        timer = undefined
        fn()
      }, ms)
    },
    flush() {
      if (timer === undefined) return
      clearTimeout(timer)
      timer = undefined
      fn()
    },
  }
}
