/** A quiet "loading…" line. */
import { useTranslation } from 'react-i18next';

/** Shown while a page waits for the platform. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}
