/**
 * `/work`: the workbench — the caller's work queues (by role: to dispatch, to verify, overdue,
 * my unit's tasks) as tabs, each a list of cases with their deadline light; a case opens its
 * page. The chosen tab is in the URL (`?q=to-verify`) so back and reload keep it. In the dispatch
 * queue each case shows the unit the responsibility matrix suggests and the duplicates proposed
 * beside it (merge or dismiss right there). Links lead to reporting a case and, for the desk, to
 * the supervision board.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../api/endpoints.ts';
import type { Case, CasePage, QueueName } from '../api/types.ts';
import { Light } from '../components/Light.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { Link, useNavigate, useSearchParams } from '../router/router.tsx';
import { hasRole, useMe } from '../session/session.tsx';
import { useCategoryName } from '../work/catalogue.ts';
import { DuplicateProposals } from '../work/duplicates.tsx';
import { queuesFor } from '../work/queues.ts';
import { INTAKE_ROLES } from '../work/roles.ts';
import { SuggestedUnit } from '../work/units.tsx';
import '../work/work.css';

/** How many cases a queue page holds. */
const PAGE = 50;

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const params = useSearchParams();
  const queues = queuesFor(me.user.roles);
  const asked = params.get('q');
  const current = queues.find((q) => q === asked) ?? queues[0];
  // First pages of every queue at once, for the tab counts.
  const firstPages = useLoad(
    async () => Object.fromEntries(await Promise.all(queues.map(async (q) => [q, await casesApi.queue(q, null, PAGE)] as const))),
    `${me.user.id}:${queues.join(',')}`,
  );

  return (
    <section className="workbench" aria-labelledby="work-title">
      <div className="page-head">
        <h1 id="work-title">{t('work.title')}</h1>
        <p className="muted">
          {t('work.scope', { scope: me.scope.name })}
          {me.unit ? ` · ${me.unit.name}` : ''}
        </p>
        <WorkLinks />
      </div>
      {queues.length === 0 ? (
        <p className="empty">{t('work.noQueues')}</p>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={t('work.queues')}>
            {queues.map((q) => {
              const page = firstPages.data?.[q];
              return (
                <button
                  key={q}
                  type="button"
                  role="tab"
                  aria-selected={q === current}
                  onClick={() => navigate(`/work?q=${q}`, { replace: true })}
                >
                  {t(`queues.${q}`)}
                  {page && <span className="count">{page.nextCursor ? `${page.items.length}+` : page.items.length}</span>}
                </button>
              );
            })}
            <button type="button" className="link-button refresh" onClick={firstPages.reload}>
              {t('common.refresh')}
            </button>
          </div>
          {firstPages.error ? (
            <ProblemMessage error={firstPages.error} onRetry={firstPages.reload} />
          ) : !firstPages.data || !current ? (
            <Loading />
          ) : (
            <QueueList key={current} queue={current} first={firstPages.data[current]!} reload={firstPages.reload} />
          )}
        </>
      )}
    </section>
  );
}

/** The intake button, for the roles that report cases (the supervision board is in the header). */
function WorkLinks() {
  const { t } = useTranslation();
  const me = useMe();
  if (!hasRole(me, ...INTAKE_ROLES)) return null;
  return (
    <nav className="work-links" aria-label={t('work.links')}>
      <Link to="/intake" className="button button-primary">
        {t('work.report')}
      </Link>
    </nav>
  );
}

/** One queue's cases, with "more" paging by cursor. */
function QueueList({ queue, first, reload }: { queue: QueueName; first: CasePage; reload: () => void }) {
  const { t } = useTranslation();
  // Pages loaded with "more", after `first`; a refreshed first page starts them over.
  const [more, setMore] = useState<{ after: CasePage; pages: CasePage[] }>({ after: first, pages: [] });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pages = [first, ...(more.after === first ? more.pages : [])];
  const items = pages.flatMap((p) => p.items);
  const cursor = pages[pages.length - 1]?.nextCursor ?? null;
  if (items.length === 0) return <p className="empty">{t('work.empty')}</p>;
  const loadMore = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await casesApi.queue(queue, cursor, PAGE);
      setMore((m) => ({ after: first, pages: [...(m.after === first ? m.pages : []), next] }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ul className="case-list" aria-label={t(`queues.${queue}`)}>
        {items.map((c) => (
          <CaseRow key={c.id} c={c} queue={queue} reload={reload} />
        ))}
      </ul>
      <ProblemMessage error={error} />
      {cursor && (
        <button type="button" className="button" disabled={busy} onClick={() => void loadMore()}>
          {t('common.more')}
        </button>
      )}
    </>
  );
}

function CaseRow({ c, queue, reload }: { c: Case; queue: QueueName; reload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categoryName = useCategoryName();
  return (
    <li className="case-row">
      <Link to={`/cases/${encodeURIComponent(c.id)}`}>
        <span className="case-row-head">
          <Light light={c.status?.light ?? null} />
          <span className="case-code">{c.code}</span>
          <span className={`badge state-${c.state}`}>{t(`caseState.${c.state}`)}</span>
          {c.urgency !== 'normal' && <span className={`badge urgency-${c.urgency}`}>{t(`urgency.${c.urgency}`)}</span>}
        </span>
        <span className="case-row-category">{categoryName(c.category)}</span>
        <span className="case-row-text">{c.location.address ?? c.description}</span>
        <span className="case-row-meta">
          {c.status
            ? t('work.due', { step: t(`step.${c.status.step}`), time: fmt.dateTime(c.status.dueAt) })
            : t('work.reported', { time: fmt.dateTime(c.reportedAt) })}
        </span>
      </Link>
      {queue === 'to-dispatch' && <DispatchExtras c={c} reload={reload} />}
    </li>
  );
}

/** Beside a case waiting for dispatch: the suggested unit and the duplicates proposed. */
function DispatchExtras({ c, reload }: { c: Case; reload: () => void }) {
  const { t } = useTranslation();
  const undecided = (c.state === 'reported' || c.state === 'filed') && c.masterId === null;
  return (
    <div className="case-row-extra">
      <span className="muted">
        {t('work.suggested')}
        <SuggestedUnit c={c} none={t('work.noSuggestion')} />
      </span>
      {undecided && <DuplicateProposals caseId={c.id} onDecided={reload} />}
    </div>
  );
}
