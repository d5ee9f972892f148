// ECharts with only what the console draws, so the bundle carries no unused chart types.
import * as echarts from 'echarts/core';
import {BarChart, GraphChart, LineChart, ParallelChart, ScatterChart} from 'echarts/charts';
import {GridComponent, LegendComponent, ParallelComponent, TitleComponent, TooltipComponent} from 'echarts/components';
import {CanvasRenderer} from 'echarts/renderers';

echarts.use([BarChart, GraphChart, LineChart, ParallelChart, ScatterChart, GridComponent, LegendComponent,
  ParallelComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export {echarts};
