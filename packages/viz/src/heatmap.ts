import type { TopLevelSpec } from 'vega-lite';

/** One cell of a {@link heatmapSpec}. */
export interface HeatmapCell {
  readonly row: string;
  readonly column: string;
  readonly value: number;
}

/** What a {@link heatmapSpec} shows. */
export interface HeatmapOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly rowTitle: string;
  readonly columnTitle: string;
  /** Legend title of the colour scale. */
  readonly valueTitle: string;
  /** Cells; a row/column pair without a cell stays blank (e.g. an op that does not apply to a slot). */
  readonly cells: readonly HeatmapCell[];
  /** Row order, top to bottom (default: order of appearance). */
  readonly rows?: readonly string[];
  /** Column order, left to right (default: order of appearance). */
  readonly columns?: readonly string[];
  /** Colour scale domain (default: the data's extent). */
  readonly domain?: readonly [number, number];
  /** Print each value in its cell with this d3 format (default `.2f`); `null` prints nothing. */
  readonly valueFormat?: string | null;
  /** Side of a cell in pixels (default 34). */
  readonly cellSize?: number;
}

/** A Vega-Lite heatmap: rect marks on a row × column grid, the value as colour (and as text). */
export function heatmapSpec(o: HeatmapOptions): TopLevelSpec {
  const rows = o.rows ?? [...new Set(o.cells.map((c) => c.row))];
  const columns = o.columns ?? [...new Set(o.cells.map((c) => c.column))];
  const size = o.cellSize ?? 34;
  const values = o.cells.map((c) => ({ ...c }));
  const [lo, hi] = o.domain ?? [Math.min(...o.cells.map((c) => c.value)), Math.max(...o.cells.map((c) => c.value))];
  const mid = (lo + hi) / 2;
  const format = o.valueFormat === undefined ? '.2f' : o.valueFormat;
  const x = { field: 'column', type: 'nominal' as const, title: o.columnTitle, sort: [...columns], axis: { labelAngle: -40, orient: 'top' as const } };
  // The row title sits above the row labels: beside them it would be placed from estimated label
  // widths (no browser to measure text), far from the labels.
  const y = {
    field: 'row',
    type: 'nominal' as const,
    title: o.rowTitle,
    sort: [...rows],
    axis: { titleAngle: 0, titleAlign: 'right' as const, titleAnchor: 'start' as const, titleBaseline: 'bottom' as const, titleX: -8, titleY: -6 },
  };
  const layers: object[] = [
    {
      mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
      encoding: {
        x,
        y,
        color: {
          field: 'value',
          type: 'quantitative',
          title: o.valueTitle,
          scale: { scheme: 'viridis', domain: [lo, hi] },
          legend: { orient: 'right', gradientLength: Math.max(120, Math.min(300, rows.length * size)) },
        },
        tooltip: [{ field: 'row' }, { field: 'column' }, { field: 'value', format: '.3f' }],
      },
    },
  ];
  if (format !== null) {
    layers.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: {
        x,
        y,
        text: { field: 'value', type: 'quantitative', format },
        // Dark cells of viridis take light text.
        color: { condition: { test: `datum.value < ${mid}`, value: 'white' }, value: 'black' },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    width: { step: size },
    height: { step: size },
    data: { values },
    layer: layers,
    config: { axis: { labelLimit: 220 } },
  } as TopLevelSpec;
}
