import type { TopLevelSpec } from 'vega-lite';

/** One point of a line chart. */
export interface LinePoint {
  readonly x: number;
  readonly y: number;
  /** Which line the point belongs to (legend entry). */
  readonly series: string;
}

/** A shaded range around a line at one x (e.g. the interquartile range around a median). */
export interface LineBand {
  readonly x: number;
  readonly lo: number;
  readonly hi: number;
  /** The line it belongs to (same colour). */
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
  /** Translucent bands drawn under the lines, in each line's colour. */
  readonly bands?: readonly LineBand[];
}

/** A Vega-Lite multi-series line chart spec. */
export function lineChartSpec(o: LineChartOptions): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative' as const, title: o.xTitle };
  const scale = o.yDomain ? { domain: [...o.yDomain], zero: false } : { zero: false };
  const color = { field: 'series', type: 'nominal' as const, title: null, legend: { labelLimit: 0 } };
  const lines = {
    data: { values: o.points.map((p) => ({ ...p })) },
    mark: { type: 'line' as const, point: o.showPoints ?? false },
    encoding: { x, y: { field: 'y', type: 'quantitative' as const, title: o.yTitle, scale }, color },
  };
  const frame = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: o.title, width: o.width ?? 480, height: o.height ?? 280 };
  if (!o.bands?.length) return { ...frame, ...lines };
  const bands = {
    data: { values: o.bands.map((b) => ({ ...b })) },
    mark: { type: 'area' as const, opacity: 0.18 },
    encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: o.yTitle, scale }, y2: { field: 'hi' }, color },
  };
  return { ...frame, layer: [bands, lines] } as TopLevelSpec;
}
