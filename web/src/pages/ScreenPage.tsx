/**
 * `/screen`: the city screen (大屏). A placeholder for now: the map (MapLibre GL), the KPI panel
 * and the live feed come next. This page is loaded on demand (React.lazy in routes.tsx), so the
 * heavy map code stays out of the workbench's bundle.
 */
import { useTranslation } from 'react-i18next';
import { Link } from '../router/router.tsx';
import { useMe } from '../session/session.tsx';

export default function ScreenPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="screen-placeholder" aria-labelledby="screen-title">
      <h1 id="screen-title">{t('screen.title')}</h1>
      <p>{t('screen.scope', { scope: me.scope.name })}</p>
      <p className="muted">{t('screen.comingSoon')}</p>
      <p>
        <Link to="/work">{t('screen.toWork')}</Link>
      </p>
    </section>
  );
}
