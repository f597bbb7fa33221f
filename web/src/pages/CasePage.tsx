/**
 * `/cases/:id`: one case — its state, deadline light, place and facts — and its timeline, with
 * a comment box for those who act on cases (kept as a draft, so an expired session loses
 * nothing). The loop's commands (dispatch, handle, verify, close…) are the workbench's next step.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { casesApi } from '../api/endpoints.ts';
import {
  CASE_EVENT_TYPES,
  CASE_STATES,
  ROLES,
  type Case,
  type CaseEvent,
  type CaseEventType,
  type CaseState,
  type Role,
} from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Light } from '../components/Light.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { Link } from '../router/router.tsx';
import { useDraft } from '../session/drafts.ts';
import { hasRole, useMe } from '../session/session.tsx';
import { useCategoryName } from '../work/catalogue.ts';
import { CASE_ACTOR_ROLES } from '../work/queues.ts';

const isEventType = (x: string): x is CaseEventType => (CASE_EVENT_TYPES as readonly string[]).includes(x);
const isState = (x: unknown): x is CaseState => typeof x === 'string' && (CASE_STATES as readonly string[]).includes(x);
const isRole = (x: string): x is Role => (ROLES as readonly string[]).includes(x);

export default function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(async () => {
    const [c, timeline] = await Promise.all([casesApi.get(id), casesApi.timeline(id)]);
    return { c, timeline };
  }, id);
  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <section className="case-page">
        <p>
          <Link to="/work">{t('case.back')}</Link>
        </p>
        {missing ? <p className="empty">{t('case.notFound')}</p> : <ProblemMessage error={loaded.error} onRetry={loaded.reload} />}
      </section>
    );
  }
  if (!loaded.data) return <Loading />;
  return <CaseView c={loaded.data.c} timeline={loaded.data.timeline} reload={loaded.reload} />;
}

function CaseView({ c, timeline, reload }: { c: Case; timeline: CaseEvent[]; reload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const categoryName = useCategoryName();
  const facts: Array<[string, string]> = [
    [t('case.category'), `${categoryName(c.category)} (${c.category})`],
    [t('case.source'), t(`caseSource.${c.source}`)],
    [t('case.urgency'), t(`urgency.${c.urgency}`)],
    [t('case.address'), c.location.address ?? '—'],
    [t('case.coordinates'), `${c.location.lon.toFixed(6)}, ${c.location.lat.toFixed(6)}`],
    [t('case.reportedAt'), fmt.dateTime(c.reportedAt)],
    [t('case.reportCount'), fmt.number(c.reportCount)],
  ];
  if (c.status) facts.push([t('case.dueAt', { step: t(`step.${c.status.step}`) }), fmt.dateTime(c.status.dueAt)]);
  if (c.dispatchedAt) facts.push([t('case.dispatchedAt'), fmt.dateTime(c.dispatchedAt)]);
  if (c.handledAt) facts.push([t('case.handledAt'), fmt.dateTime(c.handledAt)]);
  if (c.closedAt) facts.push([t('case.closedAt'), fmt.dateTime(c.closedAt)]);
  if (c.stateReason) facts.push([t('case.stateReason'), c.stateReason]);
  return (
    <article className="case-page" aria-labelledby="case-title">
      <p>
        <Link to="/work">{t('case.back')}</Link>
      </p>
      <header className="case-head">
        <h1 id="case-title">
          <Light light={c.status?.light ?? null} /> {c.code}
        </h1>
        <span className={`badge state-${c.state}`}>{t(`caseState.${c.state}`)}</span>
      </header>
      <p className="case-description">{c.description}</p>
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <ol className="timeline">
          {timeline.map((e) => (
            <TimelineEntry key={e.id} e={e} />
          ))}
        </ol>
      </section>
      {hasRole(me, ...CASE_ACTOR_ROLES) && <CommentForm key={c.id} c={c} onDone={reload} />}
    </article>
  );
}

function TimelineEntry({ e }: { e: CaseEvent }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const from = e.before.state;
  const to = e.after.state;
  return (
    <li>
      <div className="timeline-head">
        <strong>{isEventType(e.type) ? t(`event.${e.type}`) : e.type}</strong>
        <time dateTime={new Date(e.at).toISOString()}>{fmt.dateTime(e.at)}</time>
      </div>
      <div className="muted">
        {[
          e.actorRoles.map((r) => (r === 'system' ? t('case.system') : isRole(r) ? t(`roles.${r}`) : r)).join(t('common.listSeparator')),
          isState(from) && isState(to) && from !== to ? `${t(`caseState.${from}`)} → ${t(`caseState.${to}`)}` : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </div>
      {e.note && <p className="timeline-note">{e.note}</p>}
    </li>
  );
}

/** Adds a comment to the timeline (`comment` command); the text is a draft until sent. */
function CommentForm({ c, onDone }: { c: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote, clearNote] = useDraft(`comment:${c.id}`, '');
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!note.trim()) {
      setLocal(t('case.comment.required'));
      return;
    }
    setLocal(null);
    setBusy(true);
    try {
      await casesApi.command(c.id, { type: 'comment', note: note.trim(), version: c.version });
      clearNote();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const apiError = error instanceof ApiError ? error : null;
  const noteError = local ?? apiError?.messageFor('note') ?? null;
  return (
    <form className="card comment-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('case.comment.label')} error={noteError}>
        {(p) => <textarea {...p} name="note" rows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {error && !apiError?.messageFor('note') ? (
        <ProblemMessage error={error} onRetry={apiError?.status === 409 ? onDone : undefined} />
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('case.comment.submit')}
      </button>
    </form>
  );
}
