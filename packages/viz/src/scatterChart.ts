import type { TopLevelSpec } from 'vega-lite';
import type { LinePoint } from './lineChart.js';

/** What a scatter chart shows (points grouped by series, no lines). */
export interface ScatterChartOptions {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly points: readonly LinePoint[];
  readonly width?: number;
  readonly height?: number;
}

/** A Vega-Lite scatter plot spec: one colour per series, axes fitted to the data. */
export function scatterChartSpec(o: ScatterChartOptions): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? 420,
    height: o.height ?? 320,
    data: { values: o.points.map((p) => ({ ...p })) },
    mark: { type: 'point', filled: true, size: 50, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 0 } },
    },
  };
}
