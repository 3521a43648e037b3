// The catalogue check (make test runs it as ctest `web_i18n_lint`): no
// user-visible text written into a template or a script outside
// src/locales/, every key the code uses present in English, and every
// catalogue holding exactly the keys of every other.
import vue from 'eslint-plugin-vue'
import vueI18n from '@intlify/eslint-plugin-vue-i18n'
import vueParser from 'vue-eslint-parser'
import tsParser from '@typescript-eslint/parser'
import * as jsoncParser from 'jsonc-eslint-parser'
import noProseLiterals from './lint/no-prose-literals.js'

const local = { rules: { 'no-prose-literals': noProseLiterals } }

// Marks, symbols and names that are not words to translate.
const ALLOWLIST = [
  '(', ')', ',', '.', '&', '+', '-', '=', '*', '/', '#', '%', '!', '?', ':', '[', ']', '{', '}', '<', '>',
  '·', '•', '‐', '–', '—', '−', '|', '×', '→', '←', '↑', '↓', '✓', '✉', '★', '▾', '📎', '…', '/5',
  'Escalated', 'E', 'Esc', 'Ctrl+Enter', '@',
  // Keyboard shortcuts shown as keys.
  'j', 'r', 'n',
  // Examples of a code's shape in placeholders.
  '123456', 'xxxxx-xxxxx',
  // An HTTP header as sent (API tokens).
  'Authorization: Bearer esc_…',
  // Commands as typed.
  'escalated user add --role agent …', 'escalated inbound',
]

const settings = {
  'vue-i18n': { localeDir: { pattern: './src/locales/*.json', localeKey: 'file' }, messageSyntaxVersion: '^11.0.0' },
}

export default [
  {
    files: ['src/**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tsParser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
    plugins: { vue, 'vue-i18n': vueI18n, local },
    settings,
    rules: {
      'vue/no-bare-strings-in-template': ['error', {
        allowlist: ALLOWLIST,
        attributes: {
          '/.+/': ['title', 'aria-label', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'placeholder',
            'label', 'hint', 'prefix', 'message', 'alt'],
        },
        directives: ['v-text'],
      }],
      'vue-i18n/no-missing-keys': 'error',
      'local/no-prose-literals': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/generated/**'],
    languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
    plugins: { 'vue-i18n': vueI18n, local },
    settings,
    rules: {
      'vue-i18n/no-missing-keys': 'error',
      'local/no-prose-literals': 'error',
    },
  },
  {
    files: ['src/locales/*.json'],
    languageOptions: { parser: jsoncParser },
    plugins: { 'vue-i18n': vueI18n },
    settings,
    rules: {
      'vue-i18n/no-missing-keys-in-other-locales': 'error',
      'vue-i18n/no-duplicate-keys-in-locale': 'error',
    },
  },
]
