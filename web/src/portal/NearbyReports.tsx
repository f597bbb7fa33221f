/**
 * Open reports near the picked place, shown before sending (`GET /api/v1/public/reports?lon&lat`),
 * so a citizen whose problem is already being handled can say "this is my problem too" instead of
 * reporting it again: that path only tells them the report's code and that it is being handled —
 * nothing is sent.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi } from '../api/public-endpoints.ts';
import type { PublicReport } from '../api/public-types.ts';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { useCategoryName } from '../work/catalogue.ts';
import { distanceM } from './report-model.ts';
import { usePortalProblem } from './problem.tsx';

/** Props of {@link NearbyReports}. */
export interface NearbyReportsProps {
  point: { lon: number; lat: number } | null;
  /** The category chosen so far: its reports are listed first. */
  category: string;
}

/** The list (or why there is none yet). */
export function NearbyReports({ point, category }: NearbyReportsProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const problem = usePortalProblem();
  const categoryName = useCategoryName();
  const [mine, setMine] = useState<PublicReport | null>(null);
  // Rounded to ~10 m: a nudge of the pin does not ask again.
  const key = point ? `${point.lon.toFixed(4)},${point.lat.toFixed(4)}` : '';
  const nearby = useLoad(async () => (point ? portalApi.nearby(point.lon, point.lat) : []), key);
  const items = [...(nearby.data ?? [])].sort((a, b) => Number(b.category === category) - Number(a.category === category));

  return (
    <section className="card nearby" aria-labelledby="nearby-title">
      <h2 id="nearby-title">{t('portal.nearby.title')}</h2>
      {!point ? (
        <p className="muted">{t('portal.nearby.pickFirst')}</p>
      ) : nearby.error ? (
        <p className="field-error">{problem.text(nearby.error)}</p>
      ) : nearby.loading && !nearby.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('portal.nearby.none')}</p>
      ) : (
        <>
          <p className="muted">{t('portal.nearby.hint', { count: items.length })}</p>
          <ul className="nearby-list">
            {items.map((r) => (
              <li key={r.caseId} className={r.category === category ? 'same-category' : undefined}>
                <div>
                  <strong>{categoryName(r.category)}</strong> <span className="case-code">{r.code}</span>{' '}
                  <span className={`badge state-${r.state}`}>{t(`caseState.${r.state}`)}</span>
                </div>
                <div className="muted">
                  {t('portal.nearby.line', {
                    distance: fmt.number(Math.round(distanceM(point, r))),
                    at: fmt.dateTime(r.requestedAt),
                  })}
                  {r.address ? ` · ${r.address}` : ''}
                </div>
                {r.description && <div className="nearby-text">{r.description}</div>}
                <button type="button" className="button" onClick={() => setMine(r)} aria-pressed={mine?.caseId === r.caseId}>
                  {t('portal.nearby.mine')}
                </button>
                {mine?.caseId === r.caseId && (
                  <p className="notice" role="status">
                    {t('portal.nearby.mineDone', { code: r.code })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
