/**
 * After sending: the follow token, large, with the link to follow the report — the only way
 * back to an anonymous report, so the page says to keep it. A held report (flagged text) says a
 * person will look at it first; a report joined to an existing case names that case.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Submission } from '../api/public-types.ts';
import { Link } from '../router/router.tsx';

/** The answer of a successful report. */
export function Submitted({ answer, onAnother }: { answer: Submission; onAnother: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const followPath = `/follow/${encodeURIComponent(answer.token)}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(`${window.location.origin}${followPath}`);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="card submitted" role="status">
      <h2>{answer.state === 'held' ? t('portal.done.heldTitle') : t('portal.done.title')}</h2>
      <p>{t('portal.done.tokenLabel')}</p>
      <p className="follow-token" data-testid="follow-token">
        {answer.token}
      </p>
      <p className="notice">{t('portal.done.keep')}</p>
      {answer.caseCode && (
        <p>
          {t('portal.done.code')} <span className="case-code">{answer.caseCode}</span>
        </p>
      )}
      {answer.state === 'held' && <p>{t('portal.done.held')}</p>}
      {answer.duplicateOf && <p>{t('portal.done.duplicate', { code: answer.duplicateOf })}</p>}
      <p className="form-actions">
        <Link to={followPath} className="button button-primary">
          {t('portal.done.follow')}
        </Link>
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('portal.done.copied') : t('portal.done.copy')}
        </button>
        <button type="button" className="button" onClick={onAnother}>
          {t('portal.done.another')}
        </button>
      </p>
    </div>
  );
}
