// The widget's strings: the `widget` part of each catalogue only (Vite's
// JSON named exports let the bundler drop the rest of every file). The
// visitor's language is the first of navigator.languages the helpdesk
// speaks (or the script tag's data-locale), English otherwise.
import { widget as ar } from '../locales/ar.json'
import { widget as de } from '../locales/de.json'
import { widget as en } from '../locales/en.json'
import { widget as es } from '../locales/es.json'
import { widget as fr } from '../locales/fr.json'
import { widget as it } from '../locales/it.json'
import { widget as ja } from '../locales/ja.json'
import { widget as ko } from '../locales/ko.json'
import { widget as nl } from '../locales/nl.json'
import { widget as pl } from '../locales/pl.json'
import { widget as ptBR } from '../locales/pt-BR.json'
import { widget as ru } from '../locales/ru.json'
import { widget as tr } from '../locales/tr.json'
import { widget as zhCN } from '../locales/zh-CN.json'

type Catalogue = Record<string, string>
const CATALOGUES: Record<string, Catalogue> = {
  ar, de, en, es, fr, it, ja, ko, nl, pl, 'pt-BR': ptBR, ru, tr, 'zh-CN': zhCN,
}
export const RTL = new Set(['ar'])

// The first wanted language the catalogues hold: exactly, else by its
// primary subtag ("pt-PT" finds pt-BR, "zh-TW" finds zh-CN).
export function pickLocale(wanted: readonly string[]): string {
  const names = Object.keys(CATALOGUES)
  for (const w of wanted) {
    const exact = names.find((n) => n.toLowerCase() === w.toLowerCase())
    if (exact) return exact
    const primary = w.split('-')[0].toLowerCase()
    const near = names.find((n) => n.split('-')[0].toLowerCase() === primary)
    if (near) return near
  }
  return 'en'
}

let current: Catalogue = en
export function useLocale(locale: string) {
  current = CATALOGUES[locale] ?? en
}

// `key` is the catalogue path ("widget.send"), so the catalogue check sees
// every key the widget uses; {name} placeholders take `vars`.
export function t(key: string, vars: Record<string, string> = {}): string {
  const name = key.replace(/^widget\./, '')
  const text = current[name] ?? (en as Catalogue)[name] ?? key
  return text.replace(/\{(\w+)\}/g, (_, v: string) => vars[v] ?? '')
}
