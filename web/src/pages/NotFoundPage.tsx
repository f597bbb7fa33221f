/** Any path the app does not know. */
import { useTranslation } from 'react-i18next';
import { Link } from '../router/router.tsx';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/work">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
