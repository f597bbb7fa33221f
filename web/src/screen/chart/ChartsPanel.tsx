/**
 * The charts: active alerts by level (bars in the warning colours) and open cases by deadline
 * light (a ring, its counts in a legend beside it), counted from the points on the map, so they follow the jurisdiction and the
 * scenario shown and move with the live feed.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PointStores } from '../data/use-point-stores.ts';
import { useStoreVersion } from '../data/use-store-version.ts';
import { LEVEL_COLOR, LIGHT_COLOR } from '../map/colors.ts';
import { inScenario, type Scenario } from '../scenarios.ts';
import { WARNING_LEVELS } from '../types.ts';
import { alertsByLevel, casesByLight } from './chart-model.ts';
import type { ChartOption } from './echarts.ts';
import { useEChart } from './use-echart.ts';

/**
 * A chart's accessible name: its title and the counts it draws (a canvas says nothing to a screen
 * reader — or to a test asking whether the chart follows the jurisdiction and the scenario).
 */
function spoken(title: string, counts: readonly string[]): string {
  return [title, ...counts].join(' · ');
}

const TEXT = '#c7d6ea';
const AXIS = '#2a4466';

function AlertsChart({ stores, scenario }: { stores: PointStores; scenario: Scenario | null }) {
  const { t } = useTranslation();
  const version = useStoreVersion(stores.alerts);
  const [option, label] = useMemo<[ChartOption, string]>(() => {
    const counts = alertsByLevel(stores.alerts.all().filter((f) => inScenario(scenario, f.properties.category)));
    const said = WARNING_LEVELS.map((l) => t('screen.chart.slice', { name: t(`screen.alertLevelShort.${l}`), count: counts[l] }));
    const chart: ChartOption = {
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: WARNING_LEVELS.map((l) => t(`screen.alertLevelShort.${l}`)),
        axisLine: { lineStyle: { color: AXIS } },
        axisLabel: { color: TEXT },
      },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: AXIS } }, axisLabel: { color: TEXT } },
      series: [
        {
          type: 'bar',
          name: t('screen.chart.count'),
          data: WARNING_LEVELS.map((l) => ({ value: counts[l], itemStyle: { color: LEVEL_COLOR[l] } })),
          barWidth: '55%',
          label: { show: true, position: 'top', color: TEXT },
        },
      ],
    };
    return [chart, spoken(t('screen.chart.alerts'), said)];
    // `version` says the store changed; the store is read inside.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, scenario, t]);
  const ref = useEChart(option);
  return (
    <figure className="chart">
      <figcaption>{t('screen.chart.alerts')}</figcaption>
      <div ref={ref} className="chart-canvas" role="img" aria-label={label} />
    </figure>
  );
}

function CasesChart({ stores, scenario }: { stores: PointStores; scenario: Scenario | null }) {
  const { t } = useTranslation();
  const version = useStoreVersion(stores.cases);
  const [option, label] = useMemo<[ChartOption, string]>(() => {
    const counts = casesByLight(stores.cases.all().filter((f) => inScenario(scenario, f.properties.category)));
    const colors = { ...LIGHT_COLOR, none: '#6b7a90' };
    // Empty slices are left out: an all-zero ring would otherwise show equal thirds.
    const slices = (['green', 'yellow', 'red', 'none'] as const)
      .filter((l) => counts[l] > 0)
      .map((l) => ({ name: t(`light.${l}`), value: counts[l], itemStyle: { color: colors[l] } }));
    const count = new Map(slices.map((x) => [x.name, x.value]));
    // Names and counts in a legend beside the ring, not as labels around it: outside labels and
    // their lines ran past the panel's edge (the panel is a few hundred pixels wide and short).
    const chart: ChartOption = {
      animation: false,
      tooltip: { trigger: 'item' },
      legend: {
        orient: 'vertical',
        right: 4,
        top: 'middle',
        itemWidth: 10,
        itemHeight: 10,
        itemGap: 6,
        textStyle: { color: TEXT, fontSize: 12 },
        formatter: (name: string) => t('screen.chart.slice', { name, count: count.get(name) ?? 0 }),
      },
      series: [
        {
          type: 'pie',
          center: ['24%', '50%'],
          radius: ['45%', '78%'],
          data: slices,
          label: { show: false },
          labelLine: { show: false },
          emptyCircleStyle: { color: 'rgba(53, 208, 255, 0.08)' },
        },
      ],
    };
    return [
      chart,
      spoken(
        t('screen.chart.cases'),
        slices.map((x) => t('screen.chart.slice', { name: x.name, count: x.value })),
      ),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, scenario, t]);
  const ref = useEChart(option);
  return (
    <figure className="chart">
      <figcaption>{t('screen.chart.cases')}</figcaption>
      <div ref={ref} className="chart-canvas" role="img" aria-label={label} />
    </figure>
  );
}

/** Both charts. */
export function ChartsPanel({ stores, scenario }: { stores: PointStores; scenario: Scenario | null }) {
  return (
    <section className="screen-panel charts-panel">
      <AlertsChart stores={stores} scenario={scenario} />
      <CasesChart stores={stores} scenario={scenario} />
    </section>
  );
}
