// The admin pages' lists (departments, tags, business hours, SLA policies,
// rules, webhooks, tokens, users, roles, templates), kept one way: load with
// the page's loading state, save (create or change, the answer replacing the
// item in the list), changes applied at once and rolled back if the server
// refuses (with an error toast), and delete the same way.
import { ref, type Ref } from 'vue'
import { ApiError, asApiError, del, get, patch, post, request } from './api'
import { useLoader } from './loader'
import { toast } from './toast'

type Key = string | number
// The members of T that are booleans (what toggle flips).
type BooleanKeys<T> = { [K in keyof T]: T[K] extends boolean ? K : never }[keyof T]

export interface CatalogOptions<T> {
  // The collection's path, such as 'admin/departments'; an item is at
  // `${path}/${key}`. A function when it depends on props.
  path: string | (() => string)
  // The member that names an item in its path (default `id`).
  key?: keyof T
  // Where a created item goes in the list (default the end).
  add?: 'start' | 'end'
  // The list's order, kept after a save (default: as the server sent it).
  order?: (a: T, b: T) => number
  // What of an answer the list keeps (such as an answer without its secret).
  listed?: (answer: T) => T
  // How a change is sent to an existing item (default PATCH).
  method?: 'PATCH' | 'PUT'
}

// A refused change as one line: the problem, and any field errors after it.
export function problemText(e: unknown): string {
  const err = asApiError(e)
  return Object.keys(err.errors).length ? `${err.message} ${err.unplaced([]).join('; ')}` : err.message
}

// The edits of a list the page fills itself (such as a paged one).
export function useCatalogEdits<T extends object>(list: Ref<T[]>, opts: CatalogOptions<T>) {
  const path = () => (typeof opts.path === 'function' ? opts.path() : opts.path)
  const keyOf = (item: T) => (item as any)[opts.key ?? 'id'] as Key
  const listed = (answer: T) => (opts.listed ? opts.listed(answer) : answer)

  // Puts `item` in the place of the one with its key (or adds it).
  function put(item: T) {
    const i = list.value.findIndex((x) => keyOf(x) === keyOf(item))
    if (i >= 0) list.value[i] = item
    else if (opts.add === 'start') list.value.unshift(item)
    else list.value.push(item)
    if (opts.order) list.value.sort(opts.order)
  }

  // Creates an item (no `target`) or changes the one `target` names, and
  // puts the answer in the list. Returns the whole answer; throws the
  // server's problem for the form to show.
  async function save<A extends T = T>(body: unknown, target?: T | Key): Promise<A> {
    let answer: A
    if (target === undefined) answer = await post<A>(path(), body)
    else {
      const key = typeof target === 'object' ? keyOf(target) : target
      answer = await request<A>(opts.method ?? 'PATCH', `${path()}/${key}`, body)
    }
    put(listed(answer))
    return answer
  }

  // Applies `body` to `item` at once and sends it; a refusal puts the item
  // back as it was and says why in a toast. True when the server took it.
  async function update(item: T, body: Partial<T>, done?: string): Promise<boolean> {
    const before = JSON.parse(JSON.stringify(item)) as T
    Object.assign(item, body)
    try {
      Object.assign(item, listed(await patch<T>(`${path()}/${keyOf(item)}`, body)))
      if (done) toast(done)
      return true
    } catch (e) {
      Object.assign(item, before)
      toast(problemText(e), 'error')
      return false
    }
  }

  // Flips a boolean member (such as `active`) the same way.
  const toggle = (item: T, member: BooleanKeys<T>) => update(item, { [member]: !item[member] } as Partial<T>)

  // Takes the item out of the list at once and deletes it; a refusal puts
  // it back. `failed` handles the refusal instead of the toast; with
  // `optimistic: false` the item leaves the list only once it is deleted.
  async function remove(item: T, how: { done?: string; optimistic?: boolean; failed?: (err: ApiError) => void } = {}) {
    const optimistic = how.optimistic ?? true
    const i = list.value.indexOf(item)
    if (optimistic && i >= 0) list.value.splice(i, 1)
    try {
      await del(`${path()}/${keyOf(item)}`)
      if (!optimistic) list.value = list.value.filter((x) => keyOf(x) !== keyOf(item))
      if (how.done) toast(how.done)
      return true
    } catch (e) {
      if (optimistic && i >= 0) list.value.splice(i, 0, item)
      if (how.failed) how.failed(asApiError(e))
      else toast(problemText(e), 'error')
      return false
    }
  }

  return { save, update, toggle, remove, put }
}

// A list the page loads whole: `also` loads what the page shows beside it
// (in parallel), and `refresh` reads the list again without the skeleton.
export function useCatalog<T extends object>(opts: CatalogOptions<T> & { also?: () => Promise<unknown> }) {
  const list = ref([]) as Ref<T[]>
  const path = () => (typeof opts.path === 'function' ? opts.path() : opts.path)
  async function refresh() {
    list.value = (await get<{ data: T[] }>(path())).data
  }
  const { loading, loadError, load } = useLoader(async () => {
    await Promise.all([refresh(), opts.also?.()])
  })
  return { list, loading, loadError, load, refresh, ...useCatalogEdits(list, opts) }
}
