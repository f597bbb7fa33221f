/**
 * A report as its follow token shows it: where the submission stands (held for a moderator,
 * rejected with the reason, or a case), the case's public status, the agency handling it, the
 * dates, the citizen's own photos, the status history, and — once closed — the rating form.
 * Nothing here names a person: the server sends none.
 */
import { useTranslation } from 'react-i18next';
import type { FollowedReport as Followed } from '../api/public-types.ts';
import { useFormat } from '../i18n/format.ts';
import { useCategoryName } from '../work/catalogue.ts';
import { RatingForm } from './RatingForm.tsx';

/** Props of {@link FollowedReport}. */
export interface FollowedReportProps {
  token: string;
  report: Followed;
  /** Loads the report again (after rating). */
  onChanged: () => void;
}

/** The whole view. */
export function FollowedReport({ token, report: r, onChanged }: FollowedReportProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categoryName = useCategoryName();
  const { submission } = r;
  if (submission.state !== 'accepted' || !r.code) {
    return (
      <div className="card followed" role="status">
        <h2>{t(`portal.follow.submission.${submission.state}`)}</h2>
        <p>{t(`portal.follow.submissionHint.${submission.state}`)}</p>
        {submission.reason && (
          <p>
            {t('portal.follow.reason')} {submission.reason}
          </p>
        )}
        <dl className="facts">
          <dt>{t('portal.follow.category')}</dt>
          <dd>{categoryName(r.category)}</dd>
          <dt>{t('portal.follow.reported')}</dt>
          <dd>{fmt.dateTime(r.requestedAt)}</dd>
        </dl>
      </div>
    );
  }
  const closed = r.status === 'closed';
  return (
    <>
      <div className="card followed">
        <h2>
          <span className="case-code">{r.code}</span>{' '}
          <span className={`badge public-status status-${r.status ?? 'open'}`} data-testid="public-status">
            {t(`portal.status.${closed ? 'closed' : 'open'}`)}
          </span>
        </h2>
        <dl className="facts">
          <dt>{t('portal.follow.category')}</dt>
          <dd>{categoryName(r.category)}</dd>
          <dt>{t('portal.follow.step')}</dt>
          <dd>{r.state ? t(`caseState.${r.state}`) : '—'}</dd>
          <dt>{t('portal.follow.agency')}</dt>
          <dd>{r.agencyResponsible ?? t('portal.follow.noAgency')}</dd>
          <dt>{t('portal.follow.reported')}</dt>
          <dd>{fmt.dateTime(r.requestedAt)}</dd>
          <dt>{t('portal.follow.updated')}</dt>
          <dd>{fmt.dateTime(r.updatedAt)}</dd>
          {r.expectedAt !== null && !closed && (
            <>
              <dt>{t('portal.follow.expected')}</dt>
              <dd>{fmt.dateTime(r.expectedAt)}</dd>
            </>
          )}
          {r.address && (
            <>
              <dt>{t('portal.follow.address')}</dt>
              <dd>{r.address}</dd>
            </>
          )}
        </dl>
        {r.statusNotes && <p className="notice">{r.statusNotes}</p>}
        {r.duplicateOf && <p>{t('portal.follow.duplicateOf', { code: r.duplicateOf })}</p>}
        {r.description && <p className="followed-text">{r.description}</p>}
        {r.mediaUrls.length > 0 && (
          <ul className="photo-thumbs" aria-label={t('portal.follow.photos')}>
            {r.mediaUrls.map((url, i) => (
              <li key={url}>
                <a href={url} target="_blank" rel="noreferrer">
                  <img src={url} alt={t('case.photos.alt', { n: i + 1 })} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('portal.follow.history')}</h2>
        {r.history.length === 0 ? (
          <p className="muted">{t('portal.follow.noHistory')}</p>
        ) : (
          <ol className="public-history">
            {r.history.map((h) => (
              <li key={h.id}>
                <time>{fmt.dateTime(h.at)}</time> <strong>{t(`caseState.${h.state}`)}</strong>
                {h.note ? <span className="muted"> — {h.note}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {closed && r.rating !== null && (
        <p className="card" role="status">
          {t('portal.rating.done', { score: r.rating })}
        </p>
      )}
      {closed && r.rating === null && <RatingForm token={token} onRated={onChanged} />}
      {!closed && <p className="muted">{t('portal.rating.later')}</p>}
    </>
  );
}
