/**
 * The app's pages. To add one: write `pages/YourPage.tsx` (default export), add an entry here
 * (wrap it in `signedIn` unless it is public), a link in layout/Layout.tsx's NAV if it is
 * top-level, and its strings in i18n/zh.json and en.json. Heavy pages (the map) load on demand
 * with `lazy`, so the workbench stays light on a phone.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from './components/Loading.tsx';
import { Navigate, type RouteDef } from './router/router.tsx';
import { RequireSignIn } from './session/session.tsx';
import SignInPage from './pages/SignInPage.tsx';
import WorkbenchPage from './pages/WorkbenchPage.tsx';
import CasePage from './pages/CasePage.tsx';
import SupervisionPage from './pages/SupervisionPage.tsx';
import NotFoundPage from './pages/NotFoundPage.tsx';
import { ScreenPrefetch } from './screen/ScreenPrefetch.tsx';

const loadScreenPage = () => import('./pages/ScreenPage.tsx');
const ScreenPage = lazy(loadScreenPage);
// A wall display opens the screen directly: its code loads while the session is checked.
if (window.location.pathname === '/screen') void loadScreenPage();
// The intake page carries the pick map (MapLibre): loaded when opened.
const IntakePage = lazy(() => import('./pages/IntakePage.tsx'));
const PasswordPage = lazy(() => import('./pages/PasswordPage.tsx'));
// The personal-data pages (issue 6).
const GrantsPage = lazy(() => import('./pages/GrantsPage.tsx'));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx'));
const RegistryPage = lazy(() => import('./pages/RegistryPage.tsx'));
const RecordPage = lazy(() => import('./pages/RecordPage.tsx'));
// The public portal and open data (issue 7): no sign-in; the staff pages beside them.
const ReportPage = lazy(() => import('./pages/ReportPage.tsx'));
const FollowPage = lazy(() => import('./pages/FollowPage.tsx'));
const OpenDataPage = lazy(() => import('./pages/OpenDataPage.tsx'));
const ModerationPage = lazy(() => import('./pages/ModerationPage.tsx'));
const BridgePage = lazy(() => import('./pages/BridgePage.tsx'));
// The evaluation (综合评价) of the caller's scope.
const EvaluationPage = lazy(() => import('./pages/EvaluationPage.tsx'));

function signedIn(page: ReactNode): ReactNode {
  return (
    <RequireSignIn loading={<Loading />}>
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </RequireSignIn>
  );
}

/** A page anyone may open, signed in or not. */
function publicPage(page: ReactNode): ReactNode {
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}

/** First match wins. */
export const ROUTES: readonly RouteDef[] = [
  { path: '/signin', render: () => <SignInPage /> },
  { path: '/', render: () => signedIn(<Navigate to="/work" />) },
  {
    path: '/screen',
    render: () =>
      signedIn(
        <>
          <ScreenPrefetch />
          <ScreenPage />
        </>,
      ),
  },
  { path: '/work', render: () => signedIn(<WorkbenchPage />) },
  { path: '/cases/:id', render: (p) => signedIn(<CasePage key={p.id} id={p.id ?? ''} />) },
  { path: '/intake', render: () => signedIn(<IntakePage />) },
  { path: '/supervision', render: () => signedIn(<SupervisionPage />) },
  { path: '/evaluation', render: () => signedIn(<EvaluationPage />) },
  { path: '/password', render: () => signedIn(<PasswordPage />) },
  { path: '/grants', render: () => signedIn(<GrantsPage />) },
  { path: '/audit', render: () => signedIn(<AuditPage />) },
  { path: '/registry', render: () => signedIn(<RegistryPage />) },
  { path: '/registry/:kind/:id', render: (p) => signedIn(<RecordPage key={`${p.kind}/${p.id}`} kind={p.kind ?? ''} id={p.id ?? ''} />) },
  { path: '/report', render: () => publicPage(<ReportPage />) },
  { path: '/follow', render: () => publicPage(<FollowPage token={null} />) },
  { path: '/follow/:token', render: (p) => publicPage(<FollowPage key={p.token} token={p.token ?? null} />) },
  { path: '/open', render: () => publicPage(<OpenDataPage />) },
  { path: '/moderation', render: () => signedIn(<ModerationPage />) },
  { path: '/bridge', render: () => signedIn(<BridgePage />) },
  { path: '*', render: () => <NotFoundPage /> },
];
