/**
 * `/evaluation`: the evaluation (综合评价) of the caller's scope for a month — per handling unit,
 * operation centre, jurisdiction, category or source — with the national indicators (准确派遣率,
 * 按期处置率, 结案率, 按期结案率, 返工率, 延期率, 超期待处置率), the average handling time and the
 * composite score, and the same table as a CSV or XLSX download. The platform counts; this page
 * only asks and shows.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluationApi, type EvaluationQuery } from '../api/endpoints.ts';
import type { EvaluationRow } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import {
  EVALUATION_COLUMNS,
  EVALUATION_GROUPS,
  formatFigure,
  monthOf,
  monthPeriod,
  type EvaluationGroup,
} from '../evaluation/evaluation-model.ts';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { useCategoryName } from '../work/catalogue.ts';
import '../evaluation/evaluation.css';

const isGroup = (x: string): x is EvaluationGroup => (EVALUATION_GROUPS as readonly string[]).includes(x);

export default function EvaluationPage() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(() => monthOf(Date.now()));
  const [groupBy, setGroupBy] = useState<EvaluationGroup>('unit');
  const period = monthPeriod(month);
  const query: EvaluationQuery | null = period && { ...period, groupBy };
  return (
    <section className="evaluation-page" aria-labelledby="evaluation-title">
      <div className="page-head">
        <h1 id="evaluation-title">{t('evaluation.title')}</h1>
        <p className="muted">{t('evaluation.intro')}</p>
      </div>
      <div className="card evaluation-filters">
        <Field label={t('evaluation.month')} error={period ? null : t('evaluation.monthInvalid')}>
          {(p) => <input {...p} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />}
        </Field>
        <Field label={t('evaluation.groupBy')}>
          {(p) => (
            <select {...p} value={groupBy} onChange={(e) => isGroup(e.target.value) && setGroupBy(e.target.value)}>
              {EVALUATION_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`evaluation.group.${g}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {query && (
          <div className="evaluation-downloads">
            <a className="button" href={evaluationApi.exportHref(query, 'xlsx')} download>
              {t('evaluation.download', { format: 'XLSX' })}
            </a>
            <a className="button" href={evaluationApi.exportHref(query, 'csv')} download>
              {t('evaluation.download', { format: 'CSV' })}
            </a>
          </div>
        )}
      </div>
      {query && <EvaluationTable query={query} />}
    </section>
  );
}

function EvaluationTable({ query }: { query: EvaluationQuery }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categoryName = useCategoryName();
  const { data, error, reload } = useLoad(() => evaluationApi.get(query), JSON.stringify(query));
  if (error) return <ProblemMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  if (data.rows.length === 0) return <p className="empty">{t('evaluation.none')}</p>;
  // The platform names units, centres and jurisdictions as they are registered; categories and
  // sources are named in the page's language.
  const nameOf = (r: EvaluationRow): string => {
    if (r.groupKey === null) return t('evaluation.noUnit');
    if (query.groupBy === 'source') return t(`caseSource.${r.groupKey}`, { defaultValue: r.groupKey });
    if (query.groupBy === 'category') return categoryName(r.groupKey);
    return r.groupName ?? r.groupKey;
  };
  return (
    <div className="evaluation-scroll">
      <table className="evaluation-table">
        <thead>
          <tr>
            <th scope="col">{t(`evaluation.group.${query.groupBy as EvaluationGroup}`)}</th>
            {EVALUATION_COLUMNS.map((c) => (
              <th key={c.key} scope="col">
                {t(`evaluation.col.${c.key}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.groupKey ?? '-'} data-group={r.groupKey ?? ''}>
              <th scope="row">{nameOf(r)}</th>
              {EVALUATION_COLUMNS.map((c) => (
                <td key={c.key} data-col={c.key}>
                  {formatFigure(c.kind === 'count' ? r.counts[c.key] : r.indicators[c.key], c.kind, (n) => fmt.number(n))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
