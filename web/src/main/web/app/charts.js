// ECharts with only what the console draws, so the bundle carries no unused chart types.
import * as echarts from 'echarts/core';
import {BarChart, GraphChart, LineChart, ScatterChart} from 'echarts/charts';
import {GridComponent, TitleComponent, TooltipComponent} from 'echarts/components';
import {CanvasRenderer} from 'echarts/renderers';

echarts.use([BarChart, GraphChart, LineChart, ScatterChart, GridComponent, TitleComponent, TooltipComponent,
  CanvasRenderer]);

export {echarts};
