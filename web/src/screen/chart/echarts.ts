/**
 * ECharts, imported piece by piece (core + the bar and pie charts, the grid, legend and tooltip,
 * the canvas renderer) so the screen carries only what it draws, not the whole library.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
/** A chart's full option object, as the pieces used here accept it. */
export type ChartOption = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];
