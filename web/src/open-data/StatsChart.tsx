/** Cases per district for the month as a bar chart (ECharts, canvas); a suppressed district is a gap. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthStats } from '../api/public-types.ts';
import type { ChartOption } from '../screen/chart/echarts.ts';
import { useEChart } from '../screen/chart/use-echart.ts';
import { casesSeries } from './stats-model.ts';

/** The chart. */
export default function StatsChart({ stats }: { stats: MonthStats }) {
  const { t, i18n } = useTranslation();
  const en = i18n.resolvedLanguage === 'en';
  const option = useMemo<ChartOption>(() => {
    const { names, values } = casesSeries(stats, en);
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('openData.stats.cases'), data: values.map((v) => v ?? '-'), itemStyle: { color: '#0b5cad' } }],
    };
  }, [stats, en, t]);
  const ref = useEChart(option);
  return (
    <figure className="open-chart">
      <figcaption>{t('openData.stats.chart', { month: stats.month })}</figcaption>
      <div ref={ref} className="open-chart-canvas" role="img" aria-label={t('openData.stats.chart', { month: stats.month })} />
    </figure>
  );
}
