// Words, times, numbers and sizes the way people read them, in the UI's
// language (Intl) and the user's time zone. Each call reads the current
// locale, so a template that shows them follows a change of language.
import type { Priority, Status } from './api'
import { currentLocale, t, timeZone } from './i18n'

export const statusLabel = (s: Status) => t(`status.${s}`)
export const priorityLabel = (p: Priority) => t(`priority.${p}`)

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
]

// Formatters are costly to build: one per locale (and zone).
const cache = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>()
function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined
  if (!f) cache.set(key, (f = make()))
  return f
}
const rtf = () => cached(`rel:${currentLocale()}`, () => new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' }))

export function relativeTime(iso: string, now = Date.now()): string {
  let delta = (new Date(iso).getTime() - now) / 1000
  if (Math.abs(delta) < 45) return t('time.justNow')
  for (const [unit, size] of STEPS) {
    if (Math.abs(delta) < size) return rtf().format(Math.round(delta), unit)
    delta /= size
  }
  return rtf().format(Math.round(delta), 'year')
}

export function exactTime(iso: string): string {
  const zone = timeZone()
  const f = cached(`dt:${currentLocale()}:${zone ?? ''}`, () =>
    new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }))
  return f.format(new Date(iso))
}

// "14:05": the time now in another IANA zone (a customer's); null for a
// zone this browser does not know.
export function timeIn(zone: string, now = Date.now()): string | null {
  try {
    return cached(`tz:${currentLocale()}:${zone}`, () =>
      new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short', timeZone: zone })).format(now)
  } catch {
    return null
  }
}

export function formatNumber(n: number): string {
  return cached(`num:${currentLocale()}`, () => new Intl.NumberFormat(currentLocale())).format(n)
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/)
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase()
}

// "12 KB", "3.4 MB": a file's size as people read it (Intl's byte units).
export function fileSize(bytes: number): string {
  const unit = (u: string, n: number, digits: number) => cached(`size:${currentLocale()}:${u}:${digits}`, () =>
    new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits })).format(n)
  if (bytes < 1024) return unit('byte', bytes, 0)
  if (bytes < 1024 * 1024) return unit('kilobyte', Math.round(bytes / 1024), 0)
  return unit('megabyte', bytes / (1024 * 1024), 1)
}

// "4.67" / "4,67": a figure with a fixed number of decimals; "—" for none.
export function formatDecimal(n: number | null, digits: number): string {
  if (n === null) return '—'
  return cached(`dec:${currentLocale()}:${digits}`, () =>
    new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n)
}

// "87.5%" / "87,5 %": a percentage (0–100) as the locale writes it.
export function formatPercent(percent: number | null, digits: number): string {
  if (percent === null) return '—'
  return cached(`pct:${currentLocale()}:${digits}`, () =>
    new Intl.NumberFormat(currentLocale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })).format(percent / 100)
}

// A weekday's name ("Monday", "Mon") in the UI's language.
const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
export function weekdayName(day: string, style: 'long' | 'short' = 'long'): string {
  const i = WEEK.indexOf(day)
  if (i < 0) return day
  // 1 January 2024 was a Monday.
  return cached(`wd:${currentLocale()}:${style}`, () =>
    new Intl.DateTimeFormat(currentLocale(), { weekday: style, timeZone: 'UTC' })).format(new Date(Date.UTC(2024, 0, 1 + i)))
}

// Minutes as people think of them: "4h", "1d 2h", "45m" (Intl's narrow
// units, so "45 Min." in German, "45 мин" in Russian); "—" for none.
export function formatMinutes(min: number | null | undefined): string {
  if (min === undefined || min === null) return '—'
  const unit = (u: string, n: number) => cached(`dur:${currentLocale()}:${u}`, () =>
    new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: u, unitDisplay: 'narrow' })).format(n)
  if (min === 0) return unit('minute', 0)
  const d = Math.floor(min / 1440), h = Math.floor((min % 1440) / 60), m = min % 60
  return [d && unit('day', d), h && unit('hour', h), m && unit('minute', m)].filter(Boolean).join(' ')
}
