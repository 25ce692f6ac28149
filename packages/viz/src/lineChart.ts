import type { TopLevelSpec } from 'vega-lite';

/** One point of a line chart. */
export interface LinePoint {
  readonly x: number;
  readonly y: number;
  /** Which line the point belongs to (legend entry). */
  readonly series: string;
}

/** What a line chart shows. */
export interface LineChartOptions {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly points: readonly LinePoint[];
  /** Fix the y axis (e.g. [0, 1] for accuracy); default fits the data. */
  readonly yDomain?: readonly [number, number];
  readonly width?: number;
  readonly height?: number;
  /** Draw a point mark on each value as well. */
  readonly showPoints?: boolean;
}

/** A Vega-Lite multi-series line chart spec. */
export function lineChartSpec(o: LineChartOptions): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? 480,
    height: o.height ?? 280,
    data: { values: o.points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: o.showPoints ?? false },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle },
      y: {
        field: 'y',
        type: 'quantitative',
        title: o.yTitle,
        scale: o.yDomain ? { domain: [...o.yDomain], zero: false } : { zero: false },
      },
      color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 0 } },
    },
  };
}
