/**
 * A small client-side router on the History API: the current location, `navigate`, `<Link>`,
 * and `<Routes>` picking the first matching entry of a route table. The platform answers every
 * non-API path with index.html, so deep links and reloads work.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { matchPath, type Params } from './match.ts';

/** Where the app is. */
export interface AppLocation {
  pathname: string;
  search: string;
}

/** Options for `navigate`. */
export interface NavigateOptions {
  /** Replace the history entry instead of adding one (redirects). */
  replace?: boolean;
}

interface RouterState {
  location: AppLocation;
  navigate: (to: string, options?: NavigateOptions) => void;
}

const RouterContext = createContext<RouterState | null>(null);

function currentLocation(): AppLocation {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** Provides the location to the app; put it once around everything. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<AppLocation>(currentLocation);
  useEffect(() => {
    const onPop = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: NavigateOptions = {}) => {
    const url = new URL(to, window.location.href);
    if (url.origin !== window.location.origin) throw new Error(`navigate: ${to} is not on this site`);
    const target = url.pathname + url.search + url.hash;
    if (options.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    setLocation(currentLocation());
    if (!options.replace) window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

function useRouter(): RouterState {
  const r = useContext(RouterContext);
  if (!r) throw new Error('useRouter outside <RouterProvider>');
  return r;
}

/** The current location. */
export function useLocation(): AppLocation {
  return useRouter().location;
}

/** The current query string's parameters. */
export function useSearchParams(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

/** A function that moves to another path of the app. */
export function useNavigate(): RouterState['navigate'] {
  return useRouter().navigate;
}

/** An in-app link: a real `<a href>` (open in new tab works), navigating without a reload on a plain click. */
export function Link({ to, replace, onClick, ...rest }: { to: string; replace?: boolean } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const navigate = useNavigate();
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target === '_blank') return;
    e.preventDefault();
    navigate(to, { replace: replace ?? false });
  };
  return <a href={to} onClick={handle} {...rest} />;
}

/** One entry of a route table. */
export interface RouteDef {
  /** Pattern such as `/cases/:id`; `*` alone matches anything (put it last). */
  path: string;
  render: (params: Params) => ReactNode;
}

/** Renders the first route whose pattern matches the current path. */
export function Routes({ routes }: { routes: readonly RouteDef[] }) {
  const { pathname } = useLocation();
  for (const r of routes) {
    const params = matchPath(r.path, pathname);
    if (params) return <>{r.render(params)}</>;
  }
  return null;
}

/** Redirects on render (e.g. `/` → `/work`). */
export function Navigate({ to, replace = true }: { to: string; replace?: boolean }) {
  const navigate = useNavigate();
  useEffect(() => navigate(to, { replace }), [navigate, to, replace]);
  return null;
}
