import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
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
import Workspace from './views/Workspace.vue'
import NoTicket from './views/NoTicket.vue'
import AgentTicket from './views/AgentTicket.vue'
import Admin from './views/Admin.vue'
import Security from './views/Security.vue'
import Forbidden from './views/Forbidden.vue'
import NotFound from './views/NotFound.vue'

// One bundle, no lazy chunks: the app is small, and a build without
// dynamic imports works under any route prefix.

const router = createRouter({
  history: createWebHistory(BASE),
  routes: [
    { path: '/', redirect: () => homeFor(session.user) },
    { path: '/login', component: SignIn, meta: { guest: true, title: 'Sign in' } },
    { path: '/register', component: Register, meta: { guest: true, title: 'Create account' } },
    { path: '/forgot-password', component: ForgotPassword, meta: { guest: true, title: 'Forgot password' } },
    // Open signed in or not: a link from the mailbox may arrive in a browser
    // that is signed in (as anyone).
    { path: '/reset-password', component: ResetPassword, meta: { guest: true, anyone: true, title: 'New password' } },
    { path: '/tickets', component: Portal, meta: { title: 'My tickets' } },
    { path: '/tickets/new', component: PortalNew, meta: { title: 'New ticket' } },
    { path: '/tickets/:reference', component: PortalTicket, props: true, meta: { title: 'Ticket' } },
    {
      path: '/agent',
      component: Workspace,
      meta: { staff: true, title: 'Queue' },
      children: [
        { path: '', component: NoTicket },
        { path: 'tickets/:reference', component: AgentTicket, props: true },
      ],
    },
    // The guard sends /admin on to the first section the user may open.
    { path: '/admin', component: Admin, meta: { admin: true, title: 'Admin' } },
    { path: `/admin/:section(${SECTION_PATTERN})`, component: Admin, props: true, meta: { admin: true, title: 'Admin' } },
    { path: '/security', component: Security, meta: { title: 'Security' } },
    { path: '/forbidden', component: Forbidden, meta: { title: 'Not allowed' } },
    { path: '/:rest(.*)*', component: NotFound, meta: { title: 'Not found' } },
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

router.afterEach((to) => {
  const title = to.meta.title as string | undefined
  document.title = title ? `${title} · Escalated` : 'Escalated'
})

whenUnauthorized(() => {
  forgetSession()
  const here = router.currentRoute.value
  if (!here.meta.guest) router.push({ path: '/login', query: { next: here.fullPath } })
})

createApp(App).use(router).mount('#app')
