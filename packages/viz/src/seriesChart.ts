import type { TopLevelSpec } from 'vega-lite';

/** One value of a {@link seriesChartSpec}. */
export interface SeriesPoint {
  readonly x: number;
  readonly y: number;
  /** Which series (colour, legend entry) the value belongs to. */
  readonly series: string;
}

/** What a {@link seriesChartSpec} shows. */
export interface SeriesChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** Values joined into lines, one per series. */
  readonly lines: readonly SeriesPoint[];
  /** Values drawn as unconnected dots (e.g. every evaluation behind the per-generation lines). */
  readonly dots?: readonly SeriesPoint[];
  /** Legend order of the series; also fixes their colours. Default: order of appearance. */
  readonly series?: readonly string[];
  /** Colours of `series`, in order (default: Vega's category palette). */
  readonly colors?: readonly string[];
  /** Series drawn as wide translucent bands under the others, so a line that coincides with another stays visible. */
  readonly wide?: readonly string[];
  /** Fix the y axis (e.g. [0, 1] for accuracy); default fits the data. */
  readonly yDomain?: readonly [number, number];
  /** x values are counts (epochs, generations): integer ticks only. */
  readonly integerX?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A Vega-Lite chart of several series against x: lines (with a point on each value, so a series
 * of one value still shows) plus optional scattered dots, with one colour legend.
 */
export function seriesChartSpec(o: SeriesChartOptions): TopLevelSpec {
  const all = [...o.lines, ...(o.dots ?? [])];
  const order = o.series ?? [...new Set(all.map((p) => p.series))];
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [...order], ...(o.colors ? { range: [...o.colors] } : {}) },
    legend: { orient: 'bottom' as const, columns: 4, labelLimit: 0 },
  };
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: o.xTitle,
    scale: { zero: false, nice: false },
    axis: o.integerX ? { tickMinStep: 1, format: 'd' } : {},
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: o.yTitle,
    scale: o.yDomain ? { domain: [...o.yDomain], zero: false } : { zero: false },
  };
  const layers: object[] = [];
  if (o.dots && o.dots.length > 0) {
    layers.push({
      data: { values: o.dots.map((p) => ({ ...p })) },
      mark: { type: 'point', filled: true, size: 28, opacity: 0.55 },
      encoding: { x, y, color },
    });
  }
  const wide = new Set(o.wide ?? []);
  const bands = o.lines.filter((p) => wide.has(p.series));
  if (bands.length > 0) {
    layers.push({
      data: { values: bands.map((p) => ({ ...p })) },
      mark: { type: 'line', strokeWidth: 11, opacity: 0.35, strokeCap: 'round' },
      encoding: { x, y, color },
    });
  }
  layers.push({
    data: { values: o.lines.filter((p) => !wide.has(p.series)).map((p) => ({ ...p })) },
    mark: { type: 'line', point: { filled: true, size: 36 } },
    encoding: { x, y, color },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    width: o.width ?? 480,
    height: o.height ?? 280,
    layer: layers,
  } as TopLevelSpec;
}
