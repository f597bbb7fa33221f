/**
 * The signed-in user for the whole app. On load it asks `/auth/me` (the session cookie may
 * still be valid); a 401 on any later request (session expired, signed out elsewhere) sends the
 * user to `/signin?next=…&expired=1` — what they were typing stays in its draft (drafts.ts) and
 * comes back when they return. An expired password (at sign-in, or a PASSWORD_EXPIRED answer) keeps
 * the user on `/password` until it is changed; an admin action answered REAUTH_REQUIRED opens the
 * password prompt over the page and the request goes again (privacy/ReauthDialog.tsx).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import { authApi } from '../api/endpoints.ts';
import type { Me, Role } from '../api/types.ts';
import { ReauthDialog } from '../privacy/ReauthDialog.tsx';
import { Navigate, useLocation, useNavigate } from '../router/router.tsx';

/** Where the session stands. */
export type SessionState = { status: 'loading' } | { status: 'anonymous'; expired: boolean } | { status: 'signed-in'; me: Me };

interface SessionValue {
  state: SessionState;
  /** Signs in and loads the caller's scope and unit. Throws the ApiError (401 INVALID_CREDENTIALS, 429, 423…). */
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  /** The password has expired: every page but `/password` sends the user there. */
  passwordExpired: boolean;
  /** Tells the session the password was changed (the `/password` page calls it). */
  passwordChanged: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The sign-in path that brings the user back to `pathAndSearch` afterwards. */
export function signInPath(pathAndSearch: string, expired = false): string {
  const q = new URLSearchParams();
  if (pathAndSearch && pathAndSearch !== '/' && !pathAndSearch.startsWith('/signin')) q.set('next', pathAndSearch);
  if (expired) q.set('expired', '1');
  const s = q.toString();
  return s ? `/signin?${s}` : '/signin';
}

/** Where a user changes their password. */
export const PASSWORD_PATH = '/password';

/** The change-password path that brings the user back to `pathAndSearch` afterwards. */
export function passwordPath(pathAndSearch: string): string {
  return pathAndSearch && pathAndSearch !== '/' ? `${PASSWORD_PATH}?next=${encodeURIComponent(pathAndSearch)}` : PASSWORD_PATH;
}

/** Holds the session; put it inside the router. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [passwordExpired, setPasswordExpired] = useState(false);
  // The pending password prompt: requests refused at once share it (one prompt, every one retried).
  const [reauth, setReauth] = useState<{ promise: Promise<boolean>; resolve: (ok: boolean) => void } | null>(null);
  const reauthRef = useRef<typeof reauth>(null);
  const navigate = useNavigate();
  const location = useLocation();
  // Where the user is, for the 401 hook (read when a request fails, not during render).
  const here = useRef('');
  useEffect(() => {
    here.current = location.pathname + location.search;
  }, [location]);

  useEffect(() => {
    let live = true;
    authApi.me().then(
      (me) => live && setState(me ? { status: 'signed-in', me } : { status: 'anonymous', expired: false }),
      () => live && setState({ status: 'anonymous', expired: false }),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    api.setOnUnauthenticated(() => {
      api.setCsrfToken(null);
      setState({ status: 'anonymous', expired: true });
      if (!here.current.startsWith('/signin')) navigate(signInPath(here.current, true));
    });
    return () => api.setOnUnauthenticated(null);
  }, [navigate]);

  useEffect(() => {
    api.setCredentialHooks({
      passwordExpired: () => setPasswordExpired(true),
      reauthenticate: () => {
        if (reauthRef.current) return reauthRef.current.promise;
        let resolve: (ok: boolean) => void = () => undefined;
        const promise = new Promise<boolean>((r) => (resolve = r));
        const pending = { promise, resolve };
        reauthRef.current = pending;
        setReauth(pending);
        return promise;
      },
    });
    return () => api.setCredentialHooks({});
  }, []);

  const reauthDone = useCallback((ok: boolean) => {
    reauthRef.current?.resolve(ok);
    reauthRef.current = null;
    setReauth(null);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await authApi.signIn(username, password);
    const me = await authApi.me();
    if (!me) throw new Error('signed in, but /auth/me does not know the session');
    setPasswordExpired(answer.passwordExpired);
    setState({ status: 'signed-in', me });
    return me;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.signOut();
    } finally {
      setPasswordExpired(false);
      setState({ status: 'anonymous', expired: false });
      navigate('/signin');
    }
  }, [navigate]);

  const passwordChanged = useCallback(() => setPasswordExpired(false), []);
  const value = useMemo(
    () => ({ state, signIn, signOut, passwordExpired, passwordChanged }),
    [state, signIn, signOut, passwordExpired, passwordChanged],
  );
  return (
    <SessionContext.Provider value={value}>
      {children}
      {reauth && <ReauthDialog onDone={reauthDone} />}
    </SessionContext.Provider>
  );
}

/** The session. */
export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}

/** The signed-in caller; only inside {@link RequireSignIn}. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe outside <RequireSignIn>');
  return state.me;
}

/** Whether the caller holds any of `roles`. */
export function hasRole(me: Me, ...roles: Role[]): boolean {
  return roles.some((r) => me.user.roles.includes(r));
}

/** Renders its children for a signed-in user; sends anyone else to sign-in (and back afterwards). */
export function RequireSignIn({ children, loading }: { children: ReactNode; loading: ReactNode }) {
  const { state, passwordExpired } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <>{loading}</>;
  if (state.status === 'anonymous') return <Navigate to={signInPath(location.pathname + location.search, state.expired)} />;
  if (passwordExpired && location.pathname !== PASSWORD_PATH) return <Navigate to={passwordPath(location.pathname + location.search)} />;
  return <>{children}</>;
}
