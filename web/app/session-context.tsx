/** The login session as React context: who is signed in, login and logout, and the guard for pages that write. */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '../components/page-state.tsx';
import { api, setCsrfToken, setUnauthenticatedListener, type Session } from './api.ts';
import { forgetEarlyAnswers, takeSettledEarlyAnswer } from './early-answers.ts';
import { loginPathFor, type SessionUser } from './session.ts';

/** What `useSession` gives a component. */
export interface SessionState {
  /** `loading` until GET /api/session has answered once. */
  readonly status: 'loading' | 'ready';
  readonly user: SessionUser | null;
  /** Whether the API can be read without logging in. */
  readonly publicRead: boolean;
  readonly login: (username: string, password: string) => Promise<SessionUser>;
  readonly logout: () => Promise<void>;
  /** Reads the session again (after a 401, or when another tab logged out). */
  readonly refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({
  status: 'ready',
  user: null,
  publicRead: false,
  login: () => Promise.reject(new Error('no session provider')),
  logout: () => Promise.resolve(),
  refresh: () => Promise.resolve(),
});

/** The session the page's first request (app/early-answers.ts) has already brought, if it is in. */
function earlySession(): Session | null {
  const answer = takeSettledEarlyAnswer('/session');
  return answer?.status === 200 ? (JSON.parse(answer.text) as Session) : null;
}

/** Provides the session: reads it once, keeps the CSRF token of the fetch layer in step. */
export function SessionProvider({ children }: { children: ReactNode }) {
  // Already in: the first render draws the page, not the gate's skeleton.
  const [early] = useState(earlySession);
  const [session, setSession] = useState<Session | null>(early);
  const [status, setStatus] = useState<SessionState['status']>(early ? 'ready' : 'loading');
  const apply = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
    setStatus('ready');
  }, []);
  const refresh = useCallback(async () => {
    try {
      apply(await api.session());
    } catch {
      // The server is unreachable: the pages say so themselves; here we only know nobody is in.
      apply(null);
    }
  }, [apply]);
  useEffect(() => {
    if (early) setCsrfToken(early.csrfToken);
    else void refresh();
    // A 401 from any call means the session is gone: read it again, so the gate shows the login page.
    setUnauthenticatedListener(() => void refresh());
    return () => setUnauthenticatedListener(null);
  }, [refresh, early]);
  const login = useCallback(
    async (username: string, password: string) => {
      const next = await api.login(username, password);
      forgetEarlyAnswers();
      apply(next);
      if (!next.user) throw new Error('login answered without a user');
      return next.user;
    },
    [apply],
  );
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      forgetEarlyAnswers();
      apply(session ? { ...session, user: null, csrfToken: null, expiresAt: null } : null);
    }
  }, [apply, session]);
  const value = useMemo<SessionState>(
    () => ({
      status,
      user: session?.user ?? null,
      publicRead: session?.publicRead ?? false,
      login,
      logout,
      refresh,
    }),
    [status, session, login, logout, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session and its actions. */
export function useSession(): SessionState {
  return useContext(SessionContext);
}

/**
 * The whole cockpit's guard: without a session and without public read, every page but the
 * login page sends the user to log in and back to where they were.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { status, user, publicRead } = useSession();
  const location = useLocation();
  if (location.pathname === '/login') return <>{children}</>;
  if (status === 'loading') return <Loading />;
  if (!user && !publicRead)
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  return <>{children}</>;
}

/** Renders its children for a signed-in user; sends anyone else to the login page and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status, user } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (!user)
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  return <>{children}</>;
}
