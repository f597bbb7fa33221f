/**
 * The welfare-visit panel on a case (独居老人关爱走访): the resident's masked name and where
 * they live, a button that reveals the emergency contact — it works only under the grant the task
 * carries once the committee's worker has accepted it — and the outcome form that reports the
 * case back. Phone-first: one column, big targets, the outcome as radio buttons.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Case } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { hasRole, useMe } from '../session/session.tsx';
import { useWorkProblem, WorkProblem } from './problem.tsx';
import { cityInputToMs, msToCityInput } from './time.ts';
import { VISIT_OUTCOMES, welfareApi, type VisitOutcome, type WelfareTask } from './welfare-api.ts';
import './welfare.css';

/** The welfare case class (E0602 独居老人关爱): the panel shows on these cases only. */
export const WELFARE_CATEGORY = 'E0602';

/** The panel; renders nothing when the case has no welfare task the caller may see. */
export function WelfarePanel({ c, onDone }: { c: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => welfareApi.get(c.id), `${c.id}:${c.version}`);
  const [contact, setContact] = useState<WelfareTask | null>(null);
  const [revealError, setRevealError] = useState<unknown>(null);
  if (loaded.error instanceof ApiError && loaded.error.status === 404) return null;
  if (loaded.error && !loaded.data) return <ProblemMessage error={loaded.error} onRetry={loaded.reload} />;
  const task = loaded.data;
  if (!task) return null;
  const reveal = async () => {
    setRevealError(null);
    try {
      setContact(await welfareApi.get(c.id, true));
    } catch (e) {
      setRevealError(e);
    }
  };
  const contactOf = (personId: string) => contact?.residents.find((r) => r.personId === personId)?.emergencyContact ?? null;
  const h = task.housing;
  return (
    <section className="card welfare-panel" aria-labelledby="welfare-title">
      <h2 id="welfare-title">{t('welfare.title')}</h2>
      {task.linkReason && <p className="notice">{t(`welfare.linkReason.${task.linkReason}`)}</p>}
      {h && h.readable && <p>{t('welfare.dwelling', { building: h.building ?? '—', unit: h.unit ?? '—', room: h.room ?? '—' })}</p>}
      <ul className="welfare-residents">
        {task.residents.map((r) => {
          const ec = contactOf(r.personId);
          return (
            <li key={r.personId}>
              {r.readable ? (
                <>
                  <strong>{r.name ?? '—'}</strong> · {r.address ?? task.address ?? '—'}
                  {ec && (
                    <div className="welfare-contact">
                      {t('welfare.contact')}: {ec.name ?? '—'} {ec.phone ? <a href={`tel:${ec.phone}`}>{ec.phone}</a> : '—'}
                    </div>
                  )}
                </>
              ) : (
                t('welfare.unreadable')
              )}
            </li>
          );
        })}
      </ul>
      {task.residents.length > 0 && !contact && (
        <p>
          <button type="button" className="button" disabled={!task.grant} onClick={() => void reveal()}>
            {t('welfare.reveal')}
          </button>{' '}
          {!task.grant && <span className="field-hint">{t('welfare.revealNeedsGrant')}</span>}
        </p>
      )}
      {revealError ? <WorkProblem error={revealError} /> : null}
      {task.outcome ? (
        <p className="notice notice-ok">
          {t('welfare.recorded', { outcome: t(`welfare.outcome.${task.outcome.outcome}`) })}
          {task.outcome.followUpNeeded && ` · ${t('welfare.followUp')}`}
        </p>
      ) : (
        c.state === 'accepted' && <OutcomeForm caseId={c.id} onDone={onDone} />
      )}
    </section>
  );
}

/** The outcome form: what was found, a short note, when. Only the worker holding the case sends it. */
function OutcomeForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const problem = useWorkProblem();
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null);
  const [note, setNote] = useState('');
  const [visitedAt, setVisitedAt] = useState(() => msToCityInput(Date.now()));
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!hasRole(me, 'community_worker', 'handler')) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const at = cityInputToMs(visitedAt);
    if (!outcome || at === null) {
      setLocal(t(outcome ? 'welfare.form.badTime' : 'welfare.form.pickOutcome'));
      return;
    }
    setLocal(null);
    setError(null);
    setBusy(true);
    try {
      await welfareApi.outcome(caseId, { outcome, note: note.trim() || null, visitedAt: at });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="welfare-outcome" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('welfare.form.outcome')}</legend>
        {VISIT_OUTCOMES.map((o) => (
          <label key={o} className="welfare-choice">
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />{' '}
            {t(`welfare.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('welfare.form.note')} hint={t('welfare.form.noteHint')} error={problem.field(error, 'note')}>
        {(p) => <textarea {...p} name="note" rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <Field label={t('welfare.form.visitedAt')} hint={t('case.form.cityTime')} error={problem.field(error, 'visitedAt')}>
        {(p) => <input {...p} name="visitedAt" type="datetime-local" value={visitedAt} onChange={(e) => setVisitedAt(e.target.value)} />}
      </Field>
      {local && (
        <p className="field-error" role="alert">
          {local}
        </p>
      )}
      <WorkProblem error={error} fields={['note', 'visitedAt', 'outcome']} />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('welfare.form.submit')}
      </button>
    </form>
  );
}
