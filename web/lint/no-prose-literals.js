// A string literal in a script or a template expression that reads like a
// sentence ("Reply sent", `Snoozed until ${x}`) belongs in the catalogues.
// eslint-plugin-vue's vue/no-bare-strings-in-template sees only template
// text and static attributes, and no maintained rule looks at literals in
// code, hence this small one. Prose: two words of letters with a space
// between, or one capitalised word where the UI shows text (a toast, a
// label/title/detail member).
const PROSE = /\p{L}{2,}[ \u00a0]+\p{L}/u
const WORD = /^\p{Lu}\p{Ll}+[.!?…]?$/u
const UI_MEMBERS = new Set(['label', 'title', 'detail', 'text', 'hint', 'message', 'group'])
// Calls whose string arguments are not shown to people.
const CODE_CALLS = new Set(['t', '$t', 'querySelector', 'querySelectorAll', 'closest', 'getItem', 'setItem',
  'removeItem', 'addEventListener', 'removeEventListener', 'get', 'post', 'patch', 'del', 'request',
  'postWithFiles', 'useLive', 'can', 'matchMedia'])

function calleeName(node) {
  const c = node.callee
  if (!c) return ''
  if (c.type === 'Identifier') return c.name
  if (c.type === 'MemberExpression' && c.property.type === 'Identifier') return c.property.name
  return ''
}

function check(context, node, text) {
  if (typeof text !== 'string' || !/\p{L}/u.test(text)) return
  const parent = node.parent
  if (!parent) return
  if (parent.type === 'ImportDeclaration' || parent.type === 'ExportAllDeclaration' || parent.type === 'ExportNamedDeclaration') return
  if (parent.type === 'CallExpression' && CODE_CALLS.has(calleeName(parent))) return
  if (parent.type === 'ImportExpression') return
  // Type positions: 'a' | 'b'.
  if (parent.type === 'TSLiteralType') return
  const uiMember = parent.type === 'Property' && parent.value === node && parent.key.type === 'Identifier' && UI_MEMBERS.has(parent.key.name)
  const toastArg = parent.type === 'CallExpression' && calleeName(parent) === 'toast'
  if (PROSE.test(text) || ((uiMember || toastArg) && WORD.test(text.trim()))) {
    context.report({ node, message: `User-visible text "${text.slice(0, 40)}" belongs in web/src/locales/en.json (use t()).` })
  }
}

function visitors(context) {
  return {
    Literal(node) { check(context, node, node.value) },
    TemplateLiteral(node) {
      check(context, node, node.quasis.map((q) => q.value.cooked).join(' x '))
    },
  }
}

export default {
  meta: { type: 'problem', docs: { description: 'no prose in string literals outside the catalogues' }, schema: [] },
  create(context) {
    const v = visitors(context)
    const services = context.sourceCode.parserServices
    if (services && services.defineTemplateBodyVisitor) return services.defineTemplateBodyVisitor(v, v)
    return v
  },
}
