/**
 * The satisfaction rating of a closed report: 1–5 stars and an optional comment, sent once
 * (`POST /api/v1/public/reports/{token}/rating`). The stars are radio buttons, so a keyboard or a
 * screen reader picks one like any choice.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../api/public-endpoints.ts';
import { Field } from '../components/Field.tsx';
import { PortalProblem, usePortalProblem } from './problem.tsx';

const SCORES = [1, 2, 3, 4, 5] as const;

/** Props of {@link RatingForm}. */
export interface RatingFormProps {
  token: string;
  /** Called after the rating was kept (the page reloads the report). */
  onRated: () => void;
}

/** The form. */
export function RatingForm({ token, onRated }: RatingFormProps) {
  const { t } = useTranslation();
  const problem = usePortalProblem();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || score === 0) return;
    setBusy(true);
    setError(null);
    try {
      await portalApi.rate(token, score, comment.trim() || undefined);
      onRated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const scoreError = tried && score === 0 ? t('portal.rating.scoreRequired') : problem.field(error, 'score');
  return (
    <form className="card rating-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('portal.rating.title')}</h2>
      <fieldset className={scoreError ? 'stars field-invalid' : 'stars'}>
        <legend>{t('portal.rating.score')}</legend>
        {SCORES.map((n) => (
          <label key={n} className={n <= score ? 'star star-on' : 'star'}>
            <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{t('portal.rating.star', { n })}</span>
          </label>
        ))}
        {scoreError && <div className="field-error">{scoreError}</div>}
      </fieldset>
      <Field label={t('portal.rating.comment')} error={problem.field(error, 'comment')}>
        {(p) => <textarea {...p} rows={3} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <PortalProblem error={error} fields={['score', 'comment']} />
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('case.sending') : t('portal.rating.submit')}
      </button>
    </form>
  );
}
