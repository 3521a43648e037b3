import { createApp, watch } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import { i18n, preferredLocale, setLocale, t } from './i18n'
import { BASE, whenUnauthorized } from './api'
import { forgetSession, homeFor, loadSession, session } from './session'
import { firstAdminPath, mayOpen, SECTION_PATTERN } from './adminSections'
import './styles.css'
import SignIn from './views/SignIn.vue'
import Register from './views/Register.vue'
import ForgotPassword from './views/ForgotPassword.vue'
import ResetPassword from './views/ResetPassword.vue'
import Portal from './views/Portal.vue'
import PortalNew from './views/PortalNew.vue'
import PortalTicket from './views/PortalTicket.vue'
import KbPortal from './views/kb/KbPortal.vue'
import KbPortalArticle from './views/kb/KbPortalArticle.vue'
import Workspace from './views/Workspace.vue'
import NoTicket from './views/NoTicket.vue'
import AgentTicket from './views/AgentTicket.vue'
import Admin from './views/Admin.vue'
import Security from './views/Security.vue'
import Forbidden from './views/Forbidden.vue'
import GuestTicket from './views/GuestTicket.vue'
import GuestFind from './views/GuestFind.vue'
import NotFound from './views/NotFound.vue'

// One bundle for the app; only the catalogues of languages other than
// English are chunks of their own (i18n.ts), loaded relative to the bundle,
// so any route prefix works.

const router = createRouter({
  history: createWebHistory(BASE),
  routes: [
    { path: '/', redirect: () => homeFor(session.user) },
    { path: '/login', component: SignIn, meta: { guest: true, title: 'titles.signIn' } },
    { path: '/register', component: Register, meta: { guest: true, title: 'titles.register' } },
    { path: '/forgot-password', component: ForgotPassword, meta: { guest: true, title: 'titles.forgotPassword' } },
    // Open signed in or not: a link from the mailbox may arrive in a browser
    // that is signed in (as anyone).
    { path: '/reset-password', component: ResetPassword, meta: { guest: true, anyone: true, title: 'titles.resetPassword' } },
    // A guest's magic link (mailed as {public url}/guest/ticket?token=...)
    // and "find my ticket": no account needed, open signed in or not.
    { path: '/guest/ticket', component: GuestTicket, meta: { guest: true, anyone: true, title: 'guest.title' } },
    { path: '/guest/find', component: GuestFind, meta: { guest: true, anyone: true, title: 'guest.findTitle' } },
    { path: '/tickets', component: Portal, meta: { title: 'titles.myTickets' } },
    { path: '/tickets/new', component: PortalNew, meta: { title: 'titles.newTicket' } },
    { path: '/tickets/:reference', component: PortalTicket, props: true, meta: { title: 'titles.ticket' } },
    // The help center (not /kb: the server answers under /kb with its own
    // HTML pages, for search engines and readers who are not signed in).
    { path: '/help', component: KbPortal, meta: { title: 'kb.portal.title' } },
    { path: '/help/:slug', component: KbPortalArticle, props: true, meta: { title: 'kb.portal.title' } },
    {
      path: '/agent',
      component: Workspace,
      meta: { staff: true, title: 'titles.queue' },
      children: [
        { path: '', component: NoTicket },
        { path: 'tickets/:reference', component: AgentTicket, props: true },
      ],
    },
    // The guard sends /admin on to the first section the user may open.
    { path: '/admin', component: Admin, meta: { admin: true, title: 'titles.admin' } },
    { path: `/admin/:section(${SECTION_PATTERN})`, component: Admin, props: true, meta: { admin: true, title: 'titles.admin' } },
    { path: '/security', component: Security, meta: { title: 'titles.security' } },
    { path: '/forbidden', component: Forbidden, meta: { title: 'titles.forbidden' } },
    { path: '/:rest(.*)*', component: NotFound, meta: { title: 'titles.notFound' } },
  ],
})

router.beforeEach(async (to) => {
  const user = await loadSession()
  if (to.meta.anyone) return true
  if (to.meta.guest) return user ? homeFor(user) : true
  if (to.path === '/forbidden' || to.matched.some((r) => r.path.startsWith('/:rest'))) return true
  if (!user) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (to.meta.staff && user.role === 'customer') return '/forbidden'
  if (to.meta.admin) {
    // Any admin section the user holds the permission of; the others lead
    // to the first allowed one.
    const first = firstAdminPath()
    if (!first) return '/forbidden'
    if (!mayOpen(String(to.params.section ?? ''))) return first
  }
  return true
})

// The page's title in the UI's language (meta.title is a catalogue key);
// a change of language renames it too.
function nameTab() {
  const key = router.currentRoute.value.meta.title as string | undefined
  document.title = key ? `${t(key)} · Escalated` : 'Escalated'
}
router.afterEach(nameTab)
watch(() => i18n.global.locale.value, nameTab)

whenUnauthorized(() => {
  forgetSession()
  const here = router.currentRoute.value
  if (!here.meta.guest) router.push({ path: '/login', query: { next: here.fullPath } })
})

// The language before the first paint (the browser's or the one chosen
// here); App switches to the user's own once the session is known.
setLocale(preferredLocale()).finally(() => createApp(App).use(i18n).use(router).mount('#app'))
