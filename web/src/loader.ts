// The loading state a page keeps for what it shows: whether a load is under
// way (true until the first one ends, so the page starts with its skeleton),
// what went wrong (shown with a "Try again" that calls load again), and the
// load itself. The page decides when to call it (on mount, on a prop change).
import { ref } from 'vue'
import { ApiError, asApiError } from './api'

export function useLoader(fetch: () => Promise<void>) {
  const loading = ref(true)
  const loadError = ref<ApiError | null>(null)
  async function load() {
    loading.value = true
    loadError.value = null
    try {
      await fetch()
    } catch (e) {
      loadError.value = asApiError(e)
    } finally {
      loading.value = false
    }
  }
  return { loading, loadError, load }
}
