/** The KPI panel: the day's and month's case figures, active alerts by level, devices, readings per second. */
import { useTranslation } from 'react-i18next';
import { LEVEL_COLOR } from '../map/colors.ts';
import { WARNING_LEVELS, type ScreenKpis } from '../types.ts';
import { useScreenFormat } from '../use-screen-format.ts';

function Figure({ label, value, tone, testId }: { label: string; value: string; tone?: 'warn' | 'bad'; testId: string }) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`} data-kpi={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Devices online and the figures' time, on one line (cut short if need be; whole in its title). */
function AsOf({ kpis }: { kpis: ScreenKpis }) {
  const { t } = useTranslation();
  const f = useScreenFormat();
  const text =
    `${t('screen.kpi.devices', { online: f.count(kpis.devices.online), total: f.count(kpis.devices.total) })} · ` +
    t('screen.kpi.asOf', { time: f.time(kpis.asOf) });
  return (
    <p className="kpi-asof" title={text}>
      {text}
    </p>
  );
}

/** The panel; `kpis` null while the first figures load. */
export function KpiPanel({ kpis }: { kpis: ScreenKpis | null }) {
  const { t } = useTranslation();
  const f = useScreenFormat();
  const n = (x: number | undefined) => (x === undefined ? t('screen.kpi.none') : f.count(x));
  return (
    <section className="screen-panel kpi-panel" aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('screen.kpi.title')}</h2>
      <dl className="kpi-grid">
        <Figure testId="casesToday" label={t('screen.kpi.casesToday')} value={n(kpis?.cases.today)} />
        <Figure testId="dispatchedToday" label={t('screen.kpi.dispatchedToday')} value={n(kpis?.cases.dispatchedToday)} />
        <Figure testId="onTimeRate" label={t('screen.kpi.onTimeRate')} value={f.percent(kpis?.cases.onTimeHandlingRate ?? null)} />
        <Figure testId="closingRate" label={t('screen.kpi.closingRate')} value={f.percent(kpis?.cases.closingRate ?? null)} />
        <Figure testId="open" label={t('screen.kpi.open')} value={n(kpis?.cases.open)} />
        <Figure
          testId="overdue"
          label={t('screen.kpi.overdue')}
          value={n(kpis?.cases.overdue)}
          tone={kpis && kpis.cases.overdue > 0 ? 'bad' : undefined}
        />
        <Figure testId="deviceOnline" label={t('screen.kpi.deviceOnline')} value={f.percent(kpis?.devices.onlineRate ?? null)} />
        <Figure testId="readings" label={t('screen.kpi.readings')} value={n(kpis?.readingsPerSecond)} />
      </dl>
      <div className="kpi-alerts" data-kpi="alerts">
        <span className="kpi-alerts-label">
          {t('screen.kpi.alerts')} <strong>{n(kpis?.alerts.active)}</strong>
        </span>
        <ul className="kpi-levels">
          {WARNING_LEVELS.map((l) => (
            <li key={l} title={t(`screen.alertLevel.${l}`)}>
              <span className="level-dot" style={{ background: LEVEL_COLOR[l] }} aria-hidden="true" />
              <span className="sr-only">{t(`screen.alertLevel.${l}`)}</span>
              <span aria-hidden="true">{t(`screen.alertLevelShort.${l}`)}</span> <strong>{n(kpis?.alerts.byLevel[l])}</strong>
            </li>
          ))}
        </ul>
      </div>
      {kpis && <AsOf kpis={kpis} />}
    </section>
  );
}
