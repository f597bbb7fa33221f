/** Shows why a request failed, in the language shown: known codes are translated, others show the server's text. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** The message for an error from the API client (or anything thrown). */
export function useProblemText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      if (i18n.exists(key)) return t(key as 'errors.NETWORK');
      if (error.status === 0) return t('errors.NETWORK');
      return t('errors.withDetail', { detail: error.message });
    }
    return t('errors.unexpected');
  };
}

/** A banner for an error (role="alert", so screen readers hear it). */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useProblemText();
  if (error === undefined || error === null) return null;
  return (
    <div className="problem" role="alert">
      <span>{text(error)}</span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
