// The knowledge base's shapes (docs/openapi.yaml, generated) and the little
// the admin editor and the portal share: categories in tree order, and the
// server's HTML (rendered and sanitised at write time) sanitised once more
// before it is shown.
import DOMPurify from 'dompurify'
import type { components } from './generated/openapi'
import { t } from './i18n'

type Schemas = components['schemas']
export type KbCategory = Schemas['KbCategory']
export type KbAdminArticle = Schemas['KbAdminArticle']
export type KbArticle = Schemas['KbArticle']
export type KbArticleSummary = Schemas['KbArticleSummary']
export type KbArticlePage = Schemas['KbArticlePage']
export type KbVersion = Schemas['KbVersion']
export type KbDiff = Schemas['KbDiff']
export type KbSearchResults = Schemas['KbSearchResults']
export type KbFeedback = Schemas['KbFeedback']
export type KbAudience = KbAdminArticle['audience']
export type KbStatus = KbAdminArticle['status']
// The staff list answers KbAdminArticle items (KbArticlePage describes the readers' list).
export interface KbAdminPage { data: KbAdminArticle[]; page: number; has_more: boolean }

export const KB_AUDIENCES: KbAudience[] = ['public', 'customers', 'staff']
export const audienceLabel = (a: KbAudience) => t(`kb.audience.${a}`)
export const statusLabel = (s: KbStatus) => t(`kb.status.${s}`)

export interface TreeRow { category: KbCategory; depth: number; siblings: KbCategory[] }

// Depth first, siblings by position then name: the order the tree shows.
export function categoryTree(all: KbCategory[]): TreeRow[] {
  const children = new Map<number | null, KbCategory[]>()
  const ids = new Set(all.map((c) => c.id))
  for (const c of all) {
    const parent = c.parent_id !== null && ids.has(c.parent_id) ? c.parent_id : null
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent)!.push(c)
  }
  for (const list of children.values())
    list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
  const rows: TreeRow[] = []
  const walk = (parent: number | null, depth: number) => {
    const siblings = children.get(parent) ?? []
    for (const c of siblings) {
      rows.push({ category: c, depth, siblings })
      walk(c.id, depth + 1)
    }
  }
  walk(null, 0)
  return rows
}

// A category's name with its ancestors' ("Billing › Invoices"), for selects.
export function categoryPath(all: KbCategory[], id: number | null): string {
  const byId = new Map(all.map((c) => [c.id, c]))
  const names: string[] = []
  for (let c = id === null ? undefined : byId.get(id); c && names.length < 10;
    c = c.parent_id === null ? undefined : byId.get(c.parent_id))
    names.unshift(c.name)
  return names.join(' › ')
}

// The server renders and sanitises article bodies (cmark and its
// allow-list) and escapes search snippets but for <mark>; these are
// sanitised again here before v-html, so nothing unsanitised reaches the page.
export const safeHtml = (html: string) => DOMPurify.sanitize(html)
export const safeSnippet = (html: string) => DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] })
