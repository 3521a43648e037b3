// What the agent workspace's panes share: the catalogues behind the
// pickers, and hooks the ticket pane calls after a change so the queue row
// and the counts follow at once.
import type { InjectionKey } from 'vue'
import type { Department, Tag, Ticket, User } from './api'
import { t } from './i18n'

// The queue's sorts (the queue's picker and a saved view's), in the UI's language.
export const SORTS = () => [
  { value: '-updated_at', label: t('workspace.sort.recent') },
  { value: 'updated_at', label: t('workspace.sort.leastRecent') },
  { value: '-created_at', label: t('workspace.sort.newest') },
  { value: 'created_at', label: t('workspace.sort.oldest') },
  { value: '-priority', label: t('workspace.sort.mostUrgent') },
  { value: 'priority', label: t('workspace.sort.leastUrgent') },
]

export interface WorkspaceContext {
  agents: User[]
  departments: Department[]
  tags: Tag[]
  ticketChanged(t: Ticket): void
  catalogsChanged(): void
}
export const WORKSPACE: InjectionKey<WorkspaceContext> = Symbol('workspace')

// True when a key press belongs to a text field, not to a shortcut.
export function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null
  if (!el) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}
