// Who is signed in. Loaded once from /auth/me; sign-in and registration
// replace it, sign-out clears it.
import { reactive } from 'vue'
import { get, hasCsrfToken, patch, post, setCsrfToken, type LoginAnswer, type Me, type SignIn, type User } from './api'

export type { SignIn }
export interface SecondFactor { totp_code?: string; recovery_code?: string }

export const session = reactive({
  user: null as User | null,
  loaded: false,
})

export async function loadSession(): Promise<User | null> {
  if (session.loaded) return session.user
  // The session cookie is HttpOnly; the stored CSRF token says whether this
  // browser signed in at all, which spares signed-out visitors a 401.
  if (!hasCsrfToken()) {
    session.loaded = true
    return null
  }
  try {
    const me = await get<Me>('auth/me')
    session.user = me.user
  } catch {
    forgetSession()
  }
  session.loaded = true
  return session.user
}

// Sign-in, registration, and the answers that replace the session (2FA on
// or off, a password change) all hand out a new CSRF token. Those answers do
// not list permissions: the same user keeps the ones known, and a fresh
// sign-in asks /auth/me (loadPermissions).
export function signedIn(s: SignIn) {
  setCsrfToken(s.csrf_token)
  const known = session.user?.id === s.user.id ? session.user.permissions : undefined
  session.user = { ...s.user, permissions: known }
  session.loaded = true
  return session.user
}

// What the signed-in user may do, and the language and time zone their
// account keeps, from /auth/me (the sign-in answer has neither). Without it
// the UI shows fewer actions, never more: the server checks every one anyway.
async function loadPermissions(): Promise<User | null> {
  try {
    const me = await get<Me>('auth/me')
    if (session.user?.id === me.user.id) {
      Object.assign(session.user, { permissions: me.user.permissions ?? [], locale: me.user.locale, timezone: me.user.timezone })
    }
  } catch {
    /* shown as holding nothing; the server decides */
  }
  return session.user
}

// Stores the caller's language and/or time zone on their account (only the
// members given; null clears one) and keeps the session's copy in step.
export async function savePreferences(change: { locale?: string | null; timezone?: string | null }): Promise<Me> {
  const me = await patch<Me>('auth/me', change)
  if (session.user?.id === me.user.id) Object.assign(session.user, { locale: me.user.locale, timezone: me.user.timezone })
  return me
}

// Null when the account wants a second factor: ask for a code and call
// again with it.
export async function signIn(email: string, password: string, second: SecondFactor = {}): Promise<User | null> {
  const r = await post<LoginAnswer>('auth/login', { email, password, ...second })
  if ('two_factor_required' in r) return null
  signedIn(r)
  return loadPermissions()
}

export async function register(name: string, email: string, password: string) {
  signedIn(await post<SignIn>('auth/register', { name, email, password }))
  return loadPermissions()
}

export async function signOut() {
  try {
    await post('auth/logout')
  } finally {
    setCsrfToken(null)
    session.user = null
  }
}

export function forgetSession() {
  setCsrfToken(null)
  session.user = null
}

export const isStaff = () => session.user?.role === 'agent' || session.user?.role === 'admin'

// Whether the signed-in user holds the permission (a slug such as
// "ticket.edit"). Only hides or disables controls; the server enforces.
export const can = (permission: string) => !!session.user?.permissions?.includes(permission)

// Where a user lands after signing in.
export function homeFor(user: User | null): string {
  if (!user) return '/login'
  return user.role === 'customer' ? '/tickets' : '/agent'
}
