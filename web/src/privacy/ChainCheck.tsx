/** The "verify chain" button of the audit page and what it found: intact, or the first broken entry. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../api/privacy-endpoints.ts';
import type { ChainVerdict } from '../api/privacy-types.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';

/** Runs `GET /api/v1/audit/verify` on demand (it reads the whole log, so never on its own). */
export function ChainCheck() {
  const { t } = useTranslation();
  const f = useFormat();
  const [verdict, setVerdict] = useState<ChainVerdict | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    setVerdict(null);
    try {
      setVerdict(await auditApi.verify());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const b = verdict?.broken;
  return (
    <div className="card chain-check">
      <button type="button" className="button button-primary" disabled={busy} onClick={() => void run()}>
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      <ProblemMessage error={error} />
      {verdict && (
        <div className={verdict.ok ? 'chain-ok' : 'chain-broken'} role="status" data-chain={verdict.ok ? 'intact' : 'broken'}>
          {verdict.ok ? (
            <p>{t('audit.intact', { checked: f.number(verdict.checked), seq: verdict.head.seq })}</p>
          ) : b ? (
            <>
              <p>
                <strong>{t('audit.broken', { seq: b.seq, kind: t(`audit.breakKind.${b.kind}`) })}</strong>
              </p>
              <p className="muted">{t('audit.checked', { checked: f.number(verdict.checked) })}</p>
              <p>
                <code>{b.id ?? '—'}</code> · {b.message}
              </p>
            </>
          ) : null}
        </div>
      )}
    </div>
  );
}
