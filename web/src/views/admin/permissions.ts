// Words for permission slugs and their areas ("ticket.view_all" in the area
// "ticket"), so the role editor reads as sentences rather than codes. A slug
// this file does not know (from a newer server) shows as itself.
import type { PermissionInfo } from '../../api'
import { currentLocale, i18n, t } from '../../i18n'

// Areas and slugs are keys under admin.permissions in the catalogues.
const known = (key: string) => i18n.global.te(key, 'en')

export const areaLabel = (area: string) => {
  const key = `admin.permissions.areas.${area}`
  return known(key) ? t(key) : area.replace(/_/g, ' ')
}

export function permissionLabel(slug: string): string {
  const key = `admin.permissions.labels.${slug}`
  if (known(key)) return t(key)
  const [area, action = ''] = slug.split('.')
  if (action === 'manage') {
    const label = areaLabel(area)
    return t('admin.permissions.manageArea', { area: label, areaLower: label.toLocaleLowerCase(currentLocale()) })
  }
  return slug
}

export interface Area { area: string; label: string; slugs: string[] }

// The catalogue grouped by area, in the server's order.
export function groupByArea(catalogue: PermissionInfo[]): Area[] {
  const areas: Area[] = []
  for (const p of catalogue) {
    let a = areas.find((x) => x.area === p.area)
    if (!a) areas.push((a = { area: p.area, label: areaLabel(p.area), slugs: [] }))
    a.slugs.push(p.slug)
  }
  return areas
}

// A slug suggested by a role's name: "Tier 2 – Billing" → "tier_2_billing".
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 64)
    .replace(/_+$/, '')
}

// A system role's name and description in the UI's language (the server
// sends them in English); a custom role's as its owners wrote them.
type NamedRole = { slug: string; name: string; description?: string; system?: boolean }
const systemKey = (r: NamedRole, part: 'name' | 'description') => {
  const key = `admin.systemRoles.${r.slug}.${part}`
  return r.system !== false && known(key) ? key : null
}
export function roleName(r: NamedRole): string {
  const key = systemKey(r, 'name')
  return key ? t(key) : r.name
}
export function roleDescription(r: NamedRole): string {
  const key = systemKey(r, 'description')
  return key ? t(key) : r.description ?? ''
}
