/**
 * Duplicates proposed beside a case (减少重复派单): the open case this report may repeat, how
 * sure the platform is and why, and — for dispatchers and shift leads — merge it into that master
 * or dismiss the proposal, with the reason the server records either way.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, reportApi } from '../api/endpoints.ts';
import type { DuplicateProposal } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Light } from '../components/Light.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { Link } from '../router/router.tsx';
import { useDraft } from '../session/drafts.ts';
import { hasRole, useMe } from '../session/session.tsx';
import { useWorkProblem, WorkProblem } from './problem.tsx';

/** The master case's code and light, linked. */
export function MasterLink({ id }: { id: string }) {
  const master = useLoad(() => casesApi.get(id), id);
  const c = master.data;
  return (
    <Link to={`/cases/${encodeURIComponent(id)}`} className="master-link">
      {c && <Light light={c.status?.light ?? null} />} {c ? c.code : id}
    </Link>
  );
}

/** Confidence as a whole percent. */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** The proposals still open for one case; nothing when there are none. */
export function DuplicateProposals({ caseId, onDecided }: { caseId: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => reportApi.duplicates(caseId), caseId);
  const open = (loaded.data ?? []).filter((d) => d.decision === 'proposed');
  if (loaded.error) return <WorkProblem error={loaded.error} />;
  if (open.length === 0) return null;
  return (
    <div className="duplicates" role="group" aria-label={t('case.duplicates.title')}>
      <strong>{t('case.duplicates.title')}</strong>
      <ul>
        {open.map((d) => (
          <Proposal
            key={d.id}
            d={d}
            onDecided={() => {
              loaded.reload();
              onDecided();
            }}
          />
        ))}
      </ul>
    </div>
  );
}

function Proposal({ d, onDecided }: { d: DuplicateProposal; onDecided: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const may = hasRole(me, 'dispatcher', 'shift_lead');
  const [deciding, setDeciding] = useState<'merge' | 'dismiss' | null>(null);
  return (
    <li className="proposal">
      <span>
        {t('case.duplicates.line', {
          confidence: percent(d.confidence),
          distance: fmt.number(Math.round(d.distanceM)),
          hours: fmt.number(Math.round((d.ageMs / 3_600_000) * 10) / 10),
        })}{' '}
        <MasterLink id={d.masterId} />
      </span>
      {may && deciding === null && (
        <span className="proposal-buttons">
          <button type="button" className="button" onClick={() => setDeciding('merge')}>
            {t('case.duplicates.merge')}
          </button>
          <button type="button" className="button" onClick={() => setDeciding('dismiss')}>
            {t('case.duplicates.dismiss')}
          </button>
        </span>
      )}
      {deciding && <DecisionForm d={d} decision={deciding} onCancel={() => setDeciding(null)} onDone={onDecided} />}
    </li>
  );
}

function DecisionForm({
  d,
  decision,
  onCancel,
  onDone,
}: {
  d: DuplicateProposal;
  decision: 'merge' | 'dismiss';
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const problem = useWorkProblem();
  const [reason, setReason, clearReason] = useDraft(`duplicate:${d.id}:${decision}`, '');
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setLocal(t('case.form.reasonRequired'));
      return;
    }
    setLocal(null);
    setBusy(true);
    setError(null);
    try {
      await reportApi.decideDuplicate(d.id, decision, reason.trim());
      clearReason();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const label = t(`case.duplicates.${decision}`);
  return (
    <form className="decision-form" onSubmit={(e) => void submit(e)} noValidate aria-label={label}>
      <Field label={t('case.duplicates.reason')} error={local ?? problem.field(error, 'reason')}>
        {(p) => <input {...p} name="reason" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <WorkProblem error={error} fields={['reason']} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('case.confirm', { action: label })}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('case.cancel')}
        </button>
      </div>
    </form>
  );
}
