// Macro actions in words, for the admin list, the ticket's preview and the
// queue's bulk bar: the action's type (tools.macro.types.*) and its value
// (a status or priority in the UI's language, an agent's or department's
// name, a tag, a reply's first words).
import type { Department, User } from './api'
import { priorityLabel, statusLabel } from './format'
import { t } from './i18n'

export const macroTypeLabel = (type: string) => t(`tools.macro.types.${type}`)

export function macroValue(type: string, value: string | number | null, agents: User[], departments: Department[]): string {
  if (type === 'status' && typeof value === 'string') return statusLabel(value as any)
  if (type === 'priority' && typeof value === 'string') return priorityLabel(value as any)
  if (type === 'assign') {
    if (value === null) return t('tools.macro.nobody')
    if (value === 'me') return t('tools.macro.me')
    return agents.find((a) => a.id === Number(value))?.name ?? `#${value}`
  }
  if (type === 'department') {
    if (value === null) return t('tools.macro.noDepartment')
    return departments.find((d) => d.id === Number(value))?.name ?? `#${value}`
  }
  const text = value === null ? '' : String(value)
  return text.length > 80 ? text.slice(0, 79) + '…' : text
}

export const describeMacroAction = (a: { type: string; value: string | number | null }, agents: User[], departments: Department[]) =>
  `${macroTypeLabel(a.type)}: ${macroValue(a.type, a.value, agents, departments)}`
