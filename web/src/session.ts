// Who is signed in. Loaded once from /auth/me; sign-in and registration
// replace it, sign-out clears it.
import { reactive } from 'vue'
import { get, hasCsrfToken, post, setCsrfToken, type User } from './api'

export interface SignIn { user: User; csrf_token: string }
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
    const me = await get<{ user: User }>('auth/me')
    session.user = me.user
  } catch {
    forgetSession()
  }
  session.loaded = true
  return session.user
}

// Sign-in, registration, and the answers that replace the session (2FA on
// or off, a password change) all hand out a new CSRF token.
export function signedIn(s: SignIn) {
  setCsrfToken(s.csrf_token)
  session.user = s.user
  session.loaded = true
  return s.user
}

// Null when the account wants a second factor: ask for a code and call
// again with it.
export async function signIn(email: string, password: string, second: SecondFactor = {}): Promise<User | null> {
  const r = await post<SignIn | { two_factor_required: true }>('auth/login', { email, password, ...second })
  if ('two_factor_required' in r) return null
  return signedIn(r)
}

export async function register(name: string, email: string, password: string) {
  return signedIn(await post<SignIn>('auth/register', { name, email, password }))
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
export const isAdmin = () => session.user?.role === 'admin'

// Where a user lands after signing in.
export function homeFor(user: User | null): string {
  if (!user) return '/login'
  return user.role === 'customer' ? '/tickets' : '/agent'
}
