import type { TopLevelSpec } from 'vega-lite';

/** One 2-D map (a channel of a feature map) in a {@link featureMapGridSpec}. */
export interface FeatureMap {
  /** Grid row, e.g. the branch. */
  readonly row: string;
  /** Grid column, e.g. the channel. */
  readonly column: string;
  readonly height: number;
  readonly width: number;
  /** `height × width` values, row-major. */
  readonly values: ArrayLike<number>;
}

/** A picture shown left of the grid (e.g. the input image). */
export interface GridImage {
  readonly title: string;
  readonly height: number;
  readonly width: number;
  /** `height × width × channels` values, row-major; 1 channel is grey, 3 are RGB. */
  readonly values: ArrayLike<number>;
  readonly channels: number;
}

/** What a {@link featureMapGridSpec} shows. */
export interface FeatureMapGridOptions {
  readonly title: string;
  readonly subtitle?: string | readonly string[];
  readonly maps: readonly FeatureMap[];
  /** Row order, top to bottom (default: order of appearance). */
  readonly rows?: readonly string[];
  /** Column order, left to right (default: order of appearance). */
  readonly columns?: readonly string[];
  readonly image?: GridImage;
  /** Side of one map in pixels (default 84; each value is a square of about side / size). */
  readonly mapSize?: number;
  /** Width of the row labels' column in pixels (default: from the longest label). */
  readonly labelWidth?: number;
}

/**
 * A Vega-Lite grid of feature maps (rows × columns of concatenated views, one rect mark per value) on a
 * diverging colour scale centred on 0. Values are divided by the largest |value| of their column,
 * so the maps of one column (one channel) share a scale and compare by colour, while a weak
 * channel is still visible. An optional picture (the input) stands on the left.
 */
export function featureMapGridSpec(o: FeatureMapGridOptions): TopLevelSpec {
  const rows = o.rows ?? [...new Set(o.maps.map((m) => m.row))];
  const columns = o.columns ?? [...new Set(o.maps.map((m) => m.column))];
  const peak = new Map<string, number>();
  for (const m of o.maps) {
    let p = peak.get(m.column) ?? 0;
    for (let i = 0; i < m.values.length; i++) p = Math.max(p, Math.abs(m.values[i]));
    peak.set(m.column, p);
  }
  const values: { row: string; column: string; x: number; y: number; v: number }[] = [];
  for (const m of o.maps) {
    const p = peak.get(m.column) || 1;
    for (let y = 0; y < m.height; y++)
      for (let x = 0; x < m.width; x++) values.push({ row: m.row, column: m.column, x, y, v: m.values[y * m.width + x] / p });
  }
  const h = Math.max(1, ...o.maps.map((m) => m.height));
  const w = Math.max(1, ...o.maps.map((m) => m.width));
  const side = o.mapSize ?? 84;
  const px = Math.max(1, Math.round(side / Math.max(h, w)));
  // About 7 px a character at 11 px DejaVu Sans; vega cannot measure text without a browser.
  const labelWidth = o.labelWidth ?? Math.max(60, 8 + Math.ceil(7 * Math.max(...rows.map((r) => r.length))));
  const color = {
    field: 'v',
    type: 'quantitative',
    title: ['value ÷ largest', '|value| of channel'],
    scale: { scheme: 'redblue', reverse: true, domain: [-1, 1] },
    legend: { orient: 'right', gradientLength: Math.max(100, Math.min(260, rows.length * h * px)) },
  };
  // Rows are concatenated views rather than facet rows: a row label is then a right-aligned text
  // mark at a fixed x, which lines up whatever the fonts (facet row headers are placed from
  // estimated text widths and drift apart when rendered without a browser).
  const gridRows = rows.map((row, r) => ({
    hconcat: [
      {
        width: labelWidth,
        height: h * px,
        data: { values: [{ label: row }] },
        mark: { type: 'text', align: 'right', baseline: 'middle', fontSize: 11 },
        encoding: { text: { field: 'label' }, x: { value: labelWidth - 4 }, y: { value: (h * px) / 2 } },
        view: { stroke: null },
      },
      ...columns.map((column) => {
        const m = values.filter((d) => d.row === row && d.column === column);
        return {
          ...(r === 0 ? { title: { text: column, fontSize: 11, fontWeight: 'normal' } } : {}),
          width: w * px,
          height: h * px,
          data: { values: m },
          mark: { type: 'rect' },
          encoding: {
            x: { field: 'x', type: 'ordinal', axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
            y: { field: 'y', type: 'ordinal', axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
            color,
          },
        };
      }),
    ],
    spacing: 6,
  }));
  const grid = { vconcat: gridRows, spacing: 6, resolve: { scale: { color: 'shared' } } };
  const title = o.subtitle ? { text: o.title, subtitle: o.subtitle } : { text: o.title };
  if (!o.image) return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, ...grid } as TopLevelSpec;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    hconcat: [imageSpec(o.image, side), grid],
    spacing: 12,
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** The picture as rect marks with literal CSS colours (min–max normalised). */
function imageSpec(img: GridImage, side: number): object {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < img.values.length; i++) {
    lo = Math.min(lo, img.values[i]);
    hi = Math.max(hi, img.values[i]);
  }
  const span = hi > lo ? hi - lo : 1;
  const byte = (v: number) => Math.round((255 * (v - lo)) / span);
  const values: { x: number; y: number; c: string }[] = [];
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const at = (y * img.width + x) * img.channels;
      const [r, g, b] = img.channels >= 3 ? [img.values[at], img.values[at + 1], img.values[at + 2]] : [img.values[at], img.values[at], img.values[at]];
      values.push({ x, y, c: `rgb(${byte(r)},${byte(g)},${byte(b)})` });
    }
  const px = Math.max(1, Math.round(side / Math.max(img.height, img.width)));
  return {
    title: { text: img.title, fontSize: 11, fontWeight: 'normal' },
    data: { values },
    width: img.width * px,
    height: img.height * px,
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x', type: 'ordinal', axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
      y: { field: 'y', type: 'ordinal', axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
      color: { field: 'c', type: 'nominal', scale: null, legend: null },
    },
  };
}
