import type { TopLevelSpec } from 'vega-lite';

/** One bar: a mean with an error bar from `low` to `high`. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** What a {@link barChartSpec} shows. */
export interface BarChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly yTitle: string;
  readonly bars: readonly Bar[];
  /** Zoom the y axis to the data (accuracies close together) instead of starting at 0. */
  readonly zoom?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** A Vega-Lite bar chart with error bars (e.g. mean ± std over seeds), bars in the given order. */
export function barChartSpec(o: BarChartOptions): TopLevelSpec {
  const order = o.bars.map((b) => b.label);
  const values = o.bars.map((b) => ({ ...b }));
  const y = { type: 'quantitative' as const, title: o.yTitle, scale: { zero: !o.zoom } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    width: o.width ?? 420,
    height: o.height ?? 280,
    data: { values },
    encoding: { x: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelAngle: -30 } } },
    layer: [
      // A point rather than a bar when zoomed: a bar's length would mean nothing without zero.
      { mark: o.zoom ? { type: 'point', filled: true, size: 80 } : { type: 'bar' }, encoding: { y: { field: 'value', ...y } } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'low', ...y }, y2: { field: 'high' } } },
    ],
  } as TopLevelSpec;
}
