/**
 * `/cases/:id`: one case — its deadline light and due time, what and where, the actions the
 * signed-in user may take in its state (file, dispatch, accept, report back with photos, verify,
 * close, extensions, park, escalate, evaluate…), duplicates proposed beside it, its timeline, and
 * a comment box. Every form sends the version it was loaded at; when someone else changed the case
 * meanwhile the page reloads it and says so. Built phone-first: handlers and inspectors use it
 * on the street.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { casesApi, placeApi, reportApi } from '../api/endpoints.ts';
import type { Case, CaseEvent } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Light } from '../components/Light.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { Link } from '../router/router.tsx';
import { useDraft } from '../session/drafts.ts';
import { hasRole, useMe } from '../session/session.tsx';
import type { CaseCommandName } from '../work/actions.ts';
import { areaLabel } from '../work/area.ts';
import { CaseActions } from '../work/case-actions.tsx';
import { useCategoryName } from '../work/catalogue.ts';
import { DuplicateProposals, MasterLink } from '../work/duplicates.tsx';
import { PhotoInput } from '../work/photos.tsx';
import { useWorkProblem, WorkProblem } from '../work/problem.tsx';
import { CASE_ACTOR_ROLES } from '../work/queues.ts';
import { Timeline } from '../work/timeline.tsx';
import { UnitName } from '../work/units.tsx';
import { WELFARE_CATEGORY, WelfarePanel } from '../work/welfare-panel.tsx';
import '../work/work.css';

/** What the page last said about a change: done, or reloaded after someone else's change. */
type Notice = { kind: 'done'; type: CaseCommandName | 'comment' } | { kind: 'conflict' };

export default function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);
  const loaded = useLoad(async () => {
    const [c, timeline] = await Promise.all([casesApi.get(id), casesApi.timeline(id)]);
    return { c, timeline };
  }, id);
  if (loaded.error && !loaded.data) {
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
  return (
    <>
      {loaded.error ? <ProblemMessage error={loaded.error} onRetry={loaded.reload} /> : null}
      <CaseView
        c={loaded.data.c}
        timeline={loaded.data.timeline}
        reloading={loaded.loading}
        notice={notice}
        onDone={(type) => {
          setNotice({ kind: 'done', type });
          loaded.reload();
        }}
        onConflict={() => {
          setNotice({ kind: 'conflict' });
          loaded.reload();
        }}
      />
    </>
  );
}

interface ViewProps {
  c: Case;
  timeline: CaseEvent[];
  reloading: boolean;
  notice: Notice | null;
  onDone: (type: CaseCommandName | 'comment') => void;
  onConflict: () => void;
}

function CaseView({ c, timeline, reloading, notice, onDone, onConflict }: ViewProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const categoryName = useCategoryName();
  const reporter = useLoad(() => reportApi.reporter(c.id), c.id);
  // The streets and community of the point: an address is often missing (cases from sensors have none).
  const area = useLoad(() => placeApi.locate(c.location.lon, c.location.lat), c.id);
  const facts: Array<[string, ReactNode]> = [
    [t('case.category'), `${categoryName(c.category)} (${c.category})`],
    [t('case.source'), t(`caseSource.${c.source}`)],
    [t('case.urgency'), t(`urgency.${c.urgency}`)],
    [t('case.area'), (area.data && areaLabel(area.data)) ?? '—'],
    [t('case.address'), c.location.address ?? '—'],
    [t('case.coordinates'), `${c.location.lon.toFixed(6)}, ${c.location.lat.toFixed(6)}`],
    [t('case.reportedAt'), fmt.dateTime(c.reportedAt)],
    [t('case.reportCount'), fmt.number(c.reportCount)],
    [t('case.centre'), t(`case.centreLevel.${c.centreLevel}`)],
  ];
  if (c.unitId) facts.push([t('case.unit'), <UnitName key="unit" id={c.unitId} />]);
  if (c.dispatchedAt) facts.push([t('case.dispatchedAt'), fmt.dateTime(c.dispatchedAt)]);
  if (c.handledAt) facts.push([t('case.handledAt'), fmt.dateTime(c.handledAt)]);
  if (c.closedAt) facts.push([t('case.closedAt'), fmt.dateTime(c.closedAt)]);
  if (c.stateReason) facts.push([t('case.stateReason'), c.stateReason]);
  if (c.reviewAt) facts.push([t('case.reviewAt'), fmt.dateTime(c.reviewAt)]);
  if (c.masterId) facts.push([t('case.master'), <MasterLink key="master" id={c.masterId} />]);
  if (c.satisfaction !== null) facts.push([t('case.satisfaction'), fmt.number(c.satisfaction)]);
  const who = reporter.data;
  if (who && (who.name || who.phone)) facts.push([t('case.reporter'), [who.name, who.phone].filter(Boolean).join(' · ')]);
  const showDuplicates = (c.state === 'reported' || c.state === 'filed') && c.masterId === null;
  return (
    <article className="case-page" aria-labelledby="case-title" aria-busy={reloading}>
      <p>
        <Link to="/work">{t('case.back')}</Link>
      </p>
      <header className="case-head">
        <h1 id="case-title">
          <Light light={c.status?.light ?? null} /> {c.code}
        </h1>
        <span className={`badge state-${c.state}`}>{t(`caseState.${c.state}`)}</span>
        {c.urgency !== 'normal' && <span className={`badge urgency-${c.urgency}`}>{t(`urgency.${c.urgency}`)}</span>}
      </header>
      {(c.status || c.step || c.extension) && (
        <p className={`case-status light-text-${c.status?.light ?? 'none'}`}>
          {c.status
            ? t('case.statusLine', {
                light: t(`light.${c.status.light}`),
                step: t(`step.${c.status.step}`),
                time: fmt.dateTime(c.status.dueAt),
              })
            : c.step
              ? t('case.stepPaused', { step: t(`step.${c.step.step}`) })
              : ''}
          {c.extension && ` · ${t('case.extensionPending')}`}
        </p>
      )}
      {notice && (
        <p className={notice.kind === 'conflict' ? 'notice' : 'notice notice-ok'} role="status">
          {notice.kind === 'conflict'
            ? t('case.conflict')
            : t('case.done', { action: t(notice.type === 'comment' ? 'case.comment.label' : `case.cmd.${notice.type}`) })}
        </p>
      )}
      <CaseActions key={c.version} c={c} onDone={onDone} onConflict={onConflict} />
      <p className="case-description">{c.description}</p>
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {c.category === WELFARE_CATEGORY && <WelfarePanel c={c} onDone={() => onDone('handle')} />}
      {showDuplicates && <DuplicateProposals caseId={c.id} onDecided={() => onDone('comment')} />}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline events={timeline} />
      </section>
      {hasRole(me, ...CASE_ACTOR_ROLES) && <CommentForm key={c.id} c={c} onDone={() => onDone('comment')} onConflict={onConflict} />}
    </article>
  );
}

/** Adds a comment (with photos) to the timeline (`comment` command); the text is a draft until sent. */
function CommentForm({ c, onDone, onConflict }: { c: Case; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const problem = useWorkProblem();
  const [note, setNote, clearNote] = useDraft(`comment:${c.id}`, '');
  const [photos, setPhotos, clearPhotos] = useDraft<string[]>(`comment:${c.id}:photos`, []);
  const [uploading, setUploading] = useState(false);
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
      await casesApi.command(c.id, {
        type: 'comment',
        note: note.trim(),
        version: c.version,
        ...(photos.length ? { attachments: photos } : {}),
      });
      clearNote();
      clearPhotos();
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CASE_VERSION_CONFLICT') onConflict();
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card comment-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('case.comment.label')} error={local ?? problem.field(error, 'note')}>
        {(p) => <textarea {...p} name="note" rows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <PhotoInput
        label={t('case.photos.label')}
        value={photos}
        onChange={setPhotos}
        onBusy={setUploading}
        error={problem.field(error, 'attachments')}
      />
      <WorkProblem error={error} fields={['note', 'attachments']} />
      <button type="submit" className="button button-primary" disabled={busy || uploading}>
        {t('case.comment.submit')}
      </button>
    </form>
  );
}
