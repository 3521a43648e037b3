// The state of what a page loads or sends. A form's submit: busy while it
// runs, and the server's problem (for FormField and the form's alert) when
// it is refused. A page's load: the same, except that it counts as under
// way from the start (so the page starts with its skeleton) and its problem
// is shown with a "Try again" that calls load again. The page decides when
// to load (on mount, on a prop change).
import { ref } from 'vue'
import { ApiError, asApiError } from './api'

export function useSubmit() {
  const busy = ref(false)
  const error = ref<ApiError | null>(null)
  async function submit(run: () => Promise<unknown>) {
    busy.value = true
    error.value = null
    try {
      await run()
    } catch (e) {
      error.value = asApiError(e)
    } finally {
      busy.value = false
    }
  }
  return { busy, error, submit }
}

export function useLoader(fetch: () => Promise<void>) {
  const { busy: loading, error: loadError, submit } = useSubmit()
  loading.value = true
  return { loading, loadError, load: () => submit(fetch) }
}
