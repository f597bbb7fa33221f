/**
 * Open statistics per district for a chosen month: cases, on-time handling rate, closing rate,
 * average handling time and cases by category, as a table and a bar chart, with the CSV and
 * JSON files. Small counts are suppressed by the server (shown "<5", rates "—") so nobody can be
 * recognised from them; the page says so whenever a cell is suppressed.
 */
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OPEN_DATA_FILES, openDataApi } from '../api/public-endpoints.ts';
import type { MonthStats } from '../api/public-types.ts';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { countCell, districtName, hasSuppressed, hoursCell, rateCell } from './stats-model.ts';

// ECharts only when a month's figures are there to draw.
const StatsChart = lazy(() => import('./StatsChart.tsx'));

/** The month picker, the table, the chart, the files. */
export function StatsSection() {
  const { t } = useTranslation();
  const months = useLoad(() => openDataApi.months(), 'stat-months');
  const [chosen, setChosen] = useState<string | null>(null);
  const list = months.data ?? [];
  // Newest month first unless one was chosen.
  const month = chosen ?? [...list].sort().at(-1) ?? null;
  return (
    <section className="card open-section" aria-labelledby="stats-title">
      <h2 id="stats-title">{t('openData.stats.title')}</h2>
      <p className="muted">{t('openData.stats.intro')}</p>
      {months.error ? (
        <ProblemMessage error={months.error} onRetry={months.reload} />
      ) : !months.data ? (
        <Loading />
      ) : list.length === 0 || !month ? (
        <p className="empty">{t('openData.stats.noMonths')}</p>
      ) : (
        <>
          <div className="field stats-month">
            <label htmlFor="stats-month">{t('openData.month')}</label>
            <select id="stats-month" value={month} onChange={(e) => setChosen(e.target.value)}>
              {[...list]
                .sort()
                .reverse()
                .map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
            </select>
          </div>
          <p className="downloads">
            <span>{t('openData.download')}</span> <a href={OPEN_DATA_FILES.statsCsv(month)}>CSV</a>{' '}
            <a href={OPEN_DATA_FILES.statsJson(month)}>JSON</a>
          </p>
          <MonthFigures month={month} />
        </>
      )}
    </section>
  );
}

function MonthFigures({ month }: { month: string }) {
  const stats = useLoad(() => openDataApi.stats(month), month);
  if (stats.error) return <ProblemMessage error={stats.error} onRetry={stats.reload} />;
  if (!stats.data) return <Loading />;
  return (
    <>
      <StatsTable stats={stats.data} />
      <Suspense fallback={<Loading />}>
        <StatsChart stats={stats.data} />
      </Suspense>
    </>
  );
}

function StatsTable({ stats }: { stats: MonthStats }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const en = i18n.resolvedLanguage === 'en';
  const threshold = stats.suppressionThreshold;
  const count = (n: number | null) => countCell(n, threshold, (x) => fmt.number(x));
  return (
    <>
      {hasSuppressed(stats) && (
        <p className="notice suppressed-note" id="suppressed-note">
          {t('openData.stats.suppressed', { threshold })}
        </p>
      )}
      <div className="table-scroll">
        <table className="open-table stats-table">
          <caption>{t('openData.stats.caption', { month: stats.month })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('openData.stats.district')}</th>
              <th scope="col">{t('openData.stats.cases')}</th>
              <th scope="col">{t('openData.onTime')}</th>
              <th scope="col">{t('openData.stats.closing')}</th>
              <th scope="col">{t('openData.stats.avgHours')}</th>
              <th scope="col">{t('openData.stats.byCategory')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.districts.map((d) => (
              <tr key={d.code}>
                <th scope="row">{districtName(d, en)}</th>
                <td>{count(d.cases)}</td>
                <td>{rateCell(d.onTimeRate)}</td>
                <td>{rateCell(d.closingRate)}</td>
                <td>{hoursCell(d.avgHandlingHours)}</td>
                <td>
                  {d.byCategory.length === 0 ? (
                    '—'
                  ) : (
                    <details>
                      <summary>{t('openData.stats.categories', { count: d.byCategory.length })}</summary>
                      <ul className="by-category">
                        {d.byCategory.map((c) => (
                          <li key={c.category}>
                            {en && c.nameEn ? c.nameEn : c.name} <span className="muted">{count(c.count)}</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
