/**
 * The register of application scenarios (应用场景建设情况), published for public supervision:
 * each scenario's owner, status, launch date, what it watches and its monthly figures computed
 * by the platform from real alerts and cases; the register as JSON, CSV and an Atom feed; and the
 * frozen monthly snapshots (with their SHA-256) that keep the published history from being
 * rewritten quietly.
 */
import { useTranslation } from 'react-i18next';
import { OPEN_DATA_FILES, openDataApi } from '../api/public-endpoints.ts';
import type { Scenario } from '../api/public-types.ts';
import { Loading } from '../components/Loading.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { newestFirst, rateCell } from './stats-model.ts';

/** The register section. */
export function ScenarioRegister() {
  const { t } = useTranslation();
  const register = useLoad(() => openDataApi.scenarios(), 'scenarios');
  return (
    <section className="card open-section" aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">{t('openData.scenarios.title')}</h2>
      <p className="muted">{t('openData.scenarios.intro')}</p>
      <p className="downloads">
        <span>{t('openData.download')}</span> <a href={OPEN_DATA_FILES.scenariosJson}>JSON</a>{' '}
        <a href={OPEN_DATA_FILES.scenariosCsv}>CSV</a> <a href={OPEN_DATA_FILES.scenariosAtom}>Atom</a>
      </p>
      {register.error ? (
        <ProblemMessage error={register.error} onRetry={register.reload} />
      ) : !register.data ? (
        <Loading />
      ) : register.data.items.length === 0 ? (
        <p className="empty">{t('openData.scenarios.none')}</p>
      ) : (
        <ul className="scenario-list">
          {register.data.items.map((s) => (
            <ScenarioCard key={s.id} scenario={s} />
          ))}
        </ul>
      )}
      <Snapshots />
    </section>
  );
}

function ScenarioCard({ scenario: s }: { scenario: Scenario }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const en = i18n.resolvedLanguage === 'en';
  const months = newestFirst(s.monthly);
  return (
    <li className="scenario">
      <h3>
        {en ? s.nameEn || s.name : s.name}{' '}
        <span className={`badge scenario-${s.status}`}>{t(`openData.scenarios.status.${s.status}`)}</span>
      </h3>
      <dl className="facts">
        <dt>{t('openData.scenarios.department')}</dt>
        <dd>{s.department}</dd>
        <dt>{t('openData.scenarios.launch')}</dt>
        <dd>{s.launchDate ?? '—'}</dd>
        <dt>{t('openData.scenarios.watches')}</dt>
        <dd>{en ? s.watchesEn || s.watches : s.watches}</dd>
      </dl>
      {months.length === 0 ? (
        <p className="muted">{t('openData.scenarios.noFigures')}</p>
      ) : (
        <div className="table-scroll">
          <table className="open-table">
            <caption>{t('openData.scenarios.monthly')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('openData.month')}</th>
                <th scope="col">{t('openData.scenarios.alerts')}</th>
                <th scope="col">{t('openData.scenarios.cases')}</th>
                <th scope="col">{t('openData.onTime')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td>{fmt.number(m.alertsRaised)}</td>
                  <td>{fmt.number(m.casesHandled)}</td>
                  <td>{rateCell(m.onTimeRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}

function Snapshots() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const snapshots = useLoad(() => openDataApi.snapshots(), 'snapshots');
  return (
    <div className="snapshots">
      <h3>{t('openData.snapshots.title')}</h3>
      <p className="muted">{t('openData.snapshots.intro')}</p>
      {snapshots.error ? (
        <ProblemMessage error={snapshots.error} onRetry={snapshots.reload} />
      ) : !snapshots.data ? (
        <Loading />
      ) : snapshots.data.length === 0 ? (
        <p className="empty">{t('openData.snapshots.none')}</p>
      ) : (
        <ul className="snapshot-list">
          {snapshots.data.map((s) => (
            <li key={s.month}>
              <a href={OPEN_DATA_FILES.snapshot(s.month)}>{s.month}</a>{' '}
              <span className="muted">
                {t('openData.snapshots.frozenAt', {
                  at: fmt.dateTime(typeof s.frozenAt === 'number' ? s.frozenAt : Date.parse(s.frozenAt)),
                })}
              </span>{' '}
              <code className="sha" title="SHA-256">
                {s.sha256.slice(0, 16)}…
              </code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
