// The UI's languages (vue-i18n). English is bundled; every other catalogue
// is a separate chunk loaded when chosen, so English users download nothing
// extra. The language is the signed-in user's `locale` when the server sends
// one, else the one chosen in the language menu on this browser, else the
// first of the browser's languages we have, else English. Arabic turns the
// page right-to-left (dir="rtl" on <html>).
import { ref } from 'vue'
import { createI18n } from 'vue-i18n'
import en from './locales/en.json'

export type MessageSchema = typeof en

// Each language named in itself, in the order of the menu.
export const LOCALES = [
  { code: 'ar', name: 'العربية' },
  { code: 'de', name: 'Deutsch' },
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
  { code: 'it', name: 'Italiano' },
  { code: 'ja', name: '日本語' },
  { code: 'ko', name: '한국어' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'pl', name: 'Polski' },
  { code: 'pt-BR', name: 'Português (BR)' },
  { code: 'ru', name: 'Русский' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'zh-CN', name: '简体中文' },
] as const
export type Locale = (typeof LOCALES)[number]['code']
const CODES = LOCALES.map((l) => l.code) as readonly string[]
const RTL = new Set(['ar'])

// Plural forms in CLDR order: a message lists as many as the language has
// ("one | few | many" in Russian and Polish, six in Arabic); a count picks
// its form through Intl.PluralRules.
function cldrPlural(locale: string, order: Intl.LDMLPluralRule[]) {
  const rules = new Intl.PluralRules(locale)
  return (choice: number, choicesLength: number) => {
    const i = order.indexOf(rules.select(Math.abs(choice)))
    return Math.min(i < 0 ? order.length - 1 : i, choicesLength - 1)
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en } as Record<string, MessageSchema>,
  missingWarn: false,
  fallbackWarn: false,
  pluralRules: {
    ru: cldrPlural('ru', ['one', 'few', 'many', 'other']),
    pl: cldrPlural('pl', ['one', 'few', 'many', 'other']),
    ar: cldrPlural('ar', ['zero', 'one', 'two', 'few', 'many', 'other']),
    fr: cldrPlural('fr', ['one', 'other']),
    'pt-BR': cldrPlural('pt-BR', ['one', 'other']),
  },
})

// For scripts outside components (toasts, page titles, formatting).
export const t = i18n.global.t
export const currentLocale = () => i18n.global.locale.value as Locale

// The other catalogues, one chunk each (import.meta.glob makes them lazy).
const catalogues = import.meta.glob<MessageSchema>(['./locales/*.json', '!./locales/en.json'], { import: 'default' })

// The supported language nearest to a BCP 47 tag ("de-AT" → "de",
// "pt" → "pt-BR", "zh-Hans-CN" → "zh-CN"), or null.
export function supported(tag: string | null | undefined): Locale | null {
  if (!tag) return null
  const exact = CODES.find((c) => c.toLowerCase() === tag.toLowerCase())
  if (exact) return exact as Locale
  const lang = tag.toLowerCase().split(/[-_]/)[0]
  if (lang === 'zh') return 'zh-CN'
  if (lang === 'pt') return 'pt-BR'
  return (CODES.find((c) => c === lang) as Locale | undefined) ?? null
}

const CHOICE_KEY = 'escalated.locale'
export function storedChoice(): Locale | null {
  try {
    return supported(localStorage.getItem(CHOICE_KEY))
  } catch {
    return null
  }
}

// The language for this visitor: the user's own, the choice made on this
// browser, the browser's languages, English.
export function preferredLocale(userLocale?: string | null): Locale {
  const fromUser = supported(userLocale)
  if (fromUser) return fromUser
  const stored = storedChoice()
  if (stored) return stored
  for (const tag of navigator.languages ?? [navigator.language]) {
    const l = supported(tag)
    if (l) return l
  }
  return 'en'
}

// Loads the catalogue when needed, then switches the UI and <html lang dir>.
export async function setLocale(locale: Locale): Promise<void> {
  if (!i18n.global.availableLocales.includes(locale)) {
    const load = catalogues[`./locales/${locale}.json`]
    if (!load) return
    i18n.global.setLocaleMessage(locale, await load())
  }
  i18n.global.locale.value = locale
  const html = document.documentElement
  html.lang = locale
  html.dir = RTL.has(locale) ? 'rtl' : 'ltr'
}

// A choice from the language menu: kept on this browser (the menu also
// stores it on a signed-in user's account).
export async function chooseLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(CHOICE_KEY, locale)
  } catch {
    /* private mode: the choice lasts this page */
  }
  await setLocale(locale)
}

// The user's time zone for dates (`timezone` from the server), else the
// browser's own.
const zone = ref<string | undefined>()
export function setTimeZone(tz: string | null | undefined) {
  try {
    zone.value = tz ? new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone : undefined
  } catch {
    zone.value = undefined
  }
}
export const timeZone = () => zone.value
