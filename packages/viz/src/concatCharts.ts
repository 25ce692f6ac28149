import type { TopLevelSpec } from 'vega-lite';

/** What a {@link concatChartsSpec} shows. */
export interface ConcatChartsOptions {
  readonly title?: string;
  readonly subtitle?: string;
  /** Charts side by side, left to right (each a complete spec with its own data). */
  readonly charts: readonly TopLevelSpec[];
  /** Share the colour scale (one legend for series that mean the same in every chart); default true. */
  readonly sharedColor?: boolean;
}

/** Charts side by side in one picture, e.g. loss and accuracy of the same runs. */
export function concatChartsSpec(o: ConcatChartsOptions): TopLevelSpec {
  const charts = o.charts.map((c) => {
    const { $schema: _schema, config: _config, ...rest } = c as unknown as Record<string, unknown>;
    return rest;
  });
  const shared = o.sharedColor ?? true;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // Offset: the panels have titles of their own right below.
    ...(o.title ? { title: { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}), anchor: 'start', offset: 16 } } : {}),
    hconcat: charts,
    spacing: 32,
    resolve: { scale: { color: shared ? 'shared' : 'independent' } },
  } as unknown as TopLevelSpec;
}
