/** One ECharts instance on a div: created on mount, given each new option, resized with its box. */
import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

/** Returns the ref for the chart's div. */
export function useEChart(option: ChartOption) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current!);
    return () => {
      observer.disconnect();
      chart.current = null;
      c.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return el;
}
