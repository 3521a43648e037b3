// After a failed submit, focus goes to the form's first invalid field (or,
// when no field is marked, stays where it is and the alert speaks). Every
// FormField and FormAlert of the form watches the same error; the first to
// see a new one does the work, once.
import { nextTick, watch, type Ref } from 'vue'
import type { ApiError } from './api'

const handled = new WeakSet<object>()

export function focusFirstInvalidOn(error: () => ApiError | null | undefined, root: Ref<HTMLElement | null>) {
  watch(error, async (e) => {
    if (!e) return
    await nextTick()
    const scope = root.value?.closest('form') ?? root.value?.parentElement
    if (!scope || handled.has(e)) return
    handled.add(e)
    const first = scope?.querySelector<HTMLElement>(
      'input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"], fieldset[aria-invalid="true"] input',
    )
    first?.focus()
  })
}
