/**
 * One ECharts instance on a div: created once the map has drawn its first polygons (ECharts'
 * start-up and first drawing are ~300 ms of the main thread, which delayed the map's first paint
 * by as much), given each new option, resized with its box.
 */
import { useEffect, useRef } from 'react';
import { afterMapPaint } from '../map/first-paint.ts';
import { echarts, type ChartOption } from './echarts.ts';

/** Returns the ref for the chart's div. */
export function useEChart(option: ChartOption) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  // The newest option, for the chart made after options came.
  const latest = useRef(option);

  useEffect(() => {
    let c: ReturnType<typeof echarts.init> | null = null;
    let observer: ResizeObserver | null = null;
    let gone = false;
    void afterMapPaint().then(() => {
      if (gone) return;
      const made = echarts.init(el.current, undefined, { renderer: 'canvas' });
      made.setOption(latest.current);
      observer = new ResizeObserver(() => made.resize());
      observer.observe(el.current!);
      c = made;
      chart.current = made;
    });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current = null;
      c?.dispose();
    };
  }, []);

  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return el;
}
