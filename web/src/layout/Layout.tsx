/** The frame of every page: the header (city, navigation, language, user menu) and the page below it. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { geoApi } from '../api/endpoints.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Link, useLocation } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { useLoad } from '../lib/use-load.ts';
import { navFor, PUBLIC_NAV } from './nav.ts';
import { UserMenu } from './UserMenu.tsx';

/** Header plus page. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state } = useSession();
  const { pathname } = useLocation();
  const city = useLoad(() => geoApi.city(), 'city');
  const signedIn = state.status === 'signed-in';
  // Someone not signed in gets the public portal's links (report, follow, open data, sign-in).
  const nav = signedIn ? navFor(state.me.user.roles) : state.status === 'anonymous' ? PUBLIC_NAV : [];
  return (
    <div className="app">
      <header className="app-header">
        <Link to={signedIn ? '/work' : '/signin'} className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="brand-text">
            <span className="brand-city">{city.data?.name ?? ''}</span>
            <span className="brand-name">{t('app.name')}</span>
          </span>
        </Link>
        {nav.length > 0 && (
          <nav className="app-nav" aria-label={t('nav.label')}>
            {nav.map((n) => {
              const active = pathname === n.to || pathname.startsWith(`${n.to}/`);
              return (
                <Link key={n.to} to={n.to} aria-current={active ? 'page' : undefined}>
                  {t(n.label)}
                </Link>
              );
            })}
          </nav>
        )}
        <div className="app-tools">
          <LanguageSwitch />
          {state.status === 'signed-in' && <UserMenu me={state.me} />}
        </div>
      </header>
      <main className="app-main">{children}</main>
    </div>
  );
}
