import { describe, expect, it } from 'vitest';
import { concatChartsSpec, featureMapGridSpec, heatmapSpec, renderPng, renderSvg, seriesChartSpec } from '../src/index.js';
import { svgTexts } from './svgTexts.js';

/** Every object in a spec tree that has `key` (data blocks, marks, …). */
function collect(spec: unknown, key: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (key in v) found.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(spec);
  return found;
}

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
};

describe('heatmapSpec', () => {
  const spec = heatmapSpec({
    title: 'Op probabilities',
    subtitle: 'after 3 generations',
    rowTitle: 'slot',
    columnTitle: 'op',
    valueTitle: 'probability',
    cells: [
      { row: 'stem', column: 'conv_1x1', value: 0.25 },
      { row: 'layer1.0.conv1', column: 'conv_1x1', value: 0.5 },
      { row: 'layer1.0.conv1', column: 'identity', value: 0.95 },
    ],
    rows: ['stem', 'layer1.0.conv1'],
    columns: ['conv_1x1', 'identity'],
    domain: [0, 1],
  });
  it('draws rects and values on the slot × op grid, titled, with the given order', async () => {
    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    for (const text of ['Op probabilities', 'after 3 generations', 'slot', 'op', 'probability', 'stem', 'layer1.0.conv1', 'conv_1x1', 'identity', '0.25', '0.95']) {
      expect(texts).toContain(text);
    }
    expect(collect(spec, 'sort').map((e) => e.sort)).toContainEqual(['stem', 'layer1.0.conv1']);
  });
  it('leaves a pair without a cell blank (an op that does not apply)', () => {
    const data = collect(spec, 'values')[0].values as { row: string; column: string }[];
    expect(data).toHaveLength(3);
    expect(data.some((d) => d.row === 'stem' && d.column === 'identity')).toBe(false);
  });
});

describe('featureMapGridSpec', () => {
  const map = (row: string, column: string, values: number[]) => ({ row, column, height: 2, width: 2, values });
  const spec = featureMapGridSpec({
    title: 'Feature maps of slot s',
    subtitle: ['image 0', 'rows: branches'],
    maps: [
      map('conv_kxk', 'channel 0', [1, -2, 0, 0.5]),
      map('sum', 'channel 0', [4, 0, 0, 0]),
      map('conv_kxk', 'channel 1', [0.1, 0, 0, 0]),
      map('sum', 'channel 1', [0.2, 0, 0, -0.1]),
    ],
    image: { title: 'input', height: 2, width: 2, channels: 1, values: [0, 1, 2, 3] },
  });
  it('scales each channel by its largest |value| across the rows, so maps of a channel compare', () => {
    const cells = collect(spec, 'values').flatMap((d) => d.values as { row: string; column: string; v: number }[]).filter((d) => 'v' in d);
    expect(cells).toHaveLength(16);
    const peak = (column: string) => Math.max(...cells.filter((c) => c.column === column).map((c) => Math.abs(c.v)));
    expect(peak('channel 0')).toBe(1);
    expect(peak('channel 1')).toBe(1);
    expect(cells.find((c) => c.row === 'conv_kxk' && c.column === 'channel 0')!.v).toBe(0.25);
  });
  it('shows the input picture in grey and labels rows and channels', async () => {
    const picture = collect(spec, 'values').flatMap((d) => d.values as { c?: string }[]).filter((d) => d.c);
    expect(picture.map((p) => p.c)).toEqual(['rgb(0,0,0)', 'rgb(85,85,85)', 'rgb(170,170,170)', 'rgb(255,255,255)']);
    const svg = await renderSvg(spec);
    for (const text of ['Feature maps of slot s', 'image 0', 'input', 'conv_kxk', 'sum', 'channel 0', 'channel 1']) expect(svgTexts(svg)).toContain(text);
  });
  it('renders to a PNG', async () => {
    const [w, h] = pngSize(await renderPng(spec));
    expect(w).toBeGreaterThan(300);
    expect(h).toBeGreaterThan(200);
  });
});

describe('seriesChartSpec and concatChartsSpec', () => {
  it('draws lines, dots and wide bands with one colour legend in the given order', async () => {
    const spec = seriesChartSpec({
      title: 'Search progress',
      xTitle: 'generation',
      yTitle: 'fitness',
      lines: [
        { x: 1, y: 0.5, series: 'best so far' },
        { x: 2, y: 0.6, series: 'best so far' },
        { x: 1, y: 0.4, series: 'mean' },
        { x: 2, y: 0.45, series: 'mean' },
      ],
      dots: [{ x: 1, y: 0.3, series: 'evaluation' }],
      series: ['best so far', 'mean', 'evaluation'],
      wide: ['best so far'],
      integerX: true,
    });
    const layers = (spec as { layer: { mark: { type: string; strokeWidth?: number } }[] }).layer;
    expect(layers.map((l) => l.mark.type)).toEqual(['point', 'line', 'line']);
    expect(layers[1].mark.strokeWidth).toBeGreaterThan(5);
    const svg = await renderSvg(spec);
    for (const text of ['Search progress', 'generation', 'fitness', 'best so far', 'mean', 'evaluation']) expect(svgTexts(svg)).toContain(text);
  });
  it('puts charts side by side under one title', async () => {
    const chart = (title: string) => seriesChartSpec({ title, xTitle: 'epoch', yTitle: title, lines: [{ x: 1, y: 1, series: 'plain' }] });
    const spec = concatChartsSpec({ title: 'Training curves', charts: [chart('loss'), chart('accuracy')] });
    expect((spec as { hconcat: unknown[] }).hconcat).toHaveLength(2);
    const svg = await renderSvg(spec);
    for (const text of ['Training curves', 'loss', 'accuracy', 'plain']) expect(svgTexts(svg)).toContain(text);
  });
});
