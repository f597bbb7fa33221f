/**
 * Asking for a purpose grant (用途授权): the purpose, what it covers (listed records, or every
 * record of the kind in a jurisdiction), the case it serves, why, and until when. A shift lead or
 * administrator other than the requester decides it on the grants page.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { grantsApi } from '../api/privacy-endpoints.ts';
import { MAX_GRANT_DAYS, PURPOSES, PURPOSES_NEEDING_CASE, type Grant, type Purpose, type RecordKind } from '../api/privacy-types.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

/** Props for {@link GrantRequestForm}. */
export interface GrantRequestFormProps {
  kind: RecordKind;
  /** Records to list in the request (the page's selection); the form can switch to a jurisdiction instead. */
  recordIds: readonly string[];
  onRequested: (grant: Grant) => void;
}

/** `datetime-local` value for a time, in the browser's zone. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The form. */
export function GrantRequestForm({ kind, recordIds, onRequested }: GrantRequestFormProps) {
  const { t } = useTranslation();
  const [purpose, setPurpose] = useState<Purpose>('welfare_visit');
  const [scopeKind, setScopeKind] = useState<'records' | 'jurisdiction'>('records');
  const [ids, setIds] = useState(recordIds.join(', '));
  const [jurisdiction, setJurisdiction] = useState('');
  const [caseId, setCaseId] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(() => localInput(Date.now() + 86_400_000 - 60_000));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = ids
      .split(/[\s,，]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const problems: Record<string, string> = {};
    if (scopeKind === 'records' && list.length === 0) problems.scope = t('grantForm.needRecords');
    if (scopeKind === 'jurisdiction' && !jurisdiction.trim()) problems.scope = t('grantForm.needJurisdiction');
    if (PURPOSES_NEEDING_CASE.includes(purpose) && !caseId.trim()) problems.caseId = t('grantForm.needCase');
    if (reason.trim().length < 5) problems.reason = t('grantForm.needReason');
    const validUntil = new Date(until).getTime();
    if (!Number.isFinite(validUntil)) problems.validUntil = t('grantForm.needUntil');
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const grant = await grantsApi.request({
        purpose,
        scope:
          scopeKind === 'records'
            ? { kind: 'records', subjectKind: kind, ids: list }
            : { kind: 'jurisdiction', subjectKind: kind, jurisdictionId: jurisdiction.trim() },
        caseId: caseId.trim() || null,
        reason: reason.trim(),
        validUntil,
      });
      setReason('');
      onRequested(grant);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const apiError = error instanceof ApiError ? error : null;
  const problemFor = (name: string) => local[name] ?? apiError?.messageFor(name) ?? null;
  const named = ['purpose', 'scope', 'caseId', 'reason', 'validUntil'].some((n) => apiError?.messageFor(n));

  return (
    <form className="card grant-request" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="grant-request-title">
      <h2 id="grant-request-title">{t('grantForm.title')}</h2>
      <Field label={t('grantForm.purpose')} error={problemFor('purpose')} hint={t('grantForm.maxDays', { days: MAX_GRANT_DAYS[purpose] })}>
        {(p) => (
          <select {...p} name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
            {PURPOSES.map((x) => (
              <option key={x} value={x}>
                {t(`purpose.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="scope-choice">
        <legend>{t('grantForm.scope')}</legend>
        <label>
          <input type="radio" name="scope-kind" checked={scopeKind === 'records'} onChange={() => setScopeKind('records')} />
          {t('grantForm.records')}
        </label>
        <label>
          <input type="radio" name="scope-kind" checked={scopeKind === 'jurisdiction'} onChange={() => setScopeKind('jurisdiction')} />
          {t('grantForm.jurisdiction')}
        </label>
      </fieldset>
      {scopeKind === 'records' ? (
        <Field label={t('grantForm.recordIds')} error={problemFor('scope')}>
          {(p) => <input {...p} name="ids" value={ids} spellCheck={false} onChange={(e) => setIds(e.target.value)} />}
        </Field>
      ) : (
        <Field label={t('grantForm.jurisdictionId')} error={problemFor('scope')}>
          {(p) => (
            <input {...p} name="jurisdiction" value={jurisdiction} spellCheck={false} onChange={(e) => setJurisdiction(e.target.value)} />
          )}
        </Field>
      )}
      <Field label={t('grantForm.caseId')} error={problemFor('caseId')}>
        {(p) => <input {...p} name="caseId" value={caseId} spellCheck={false} onChange={(e) => setCaseId(e.target.value)} />}
      </Field>
      <Field label={t('grantForm.reason')} error={problemFor('reason')} hint={t('grantForm.reasonHint')}>
        {(p) => <textarea {...p} name="reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field label={t('grantForm.until')} error={problemFor('validUntil')}>
        {(p) => <input {...p} name="validUntil" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />}
      </Field>
      {!named && <ProblemMessage error={error} />}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('grantForm.sending') : t('grantForm.submit')}
      </button>
    </form>
  );
}
