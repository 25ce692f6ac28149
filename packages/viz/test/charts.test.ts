import { describe, expect, it } from 'vitest';
import { barChartSpec, lineChartSpec, renderPng, renderSvg, scatterChartSpec } from '../src/index.js';
import { svgTexts } from './svgTexts.js';

const spec = lineChartSpec({
  title: 'accuracy',
  xTitle: 'epoch',
  yTitle: 'val accuracy',
  points: [
    { x: 1, y: 0.5, series: 'sum' },
    { x: 2, y: 0.7, series: 'sum' },
    { x: 1, y: 0.6, series: 'scaled' },
    { x: 2, y: 0.8, series: 'scaled' },
  ],
});

describe('charts', () => {
  it('renders SVG with the title, axis titles and legend', async () => {
    const svg = await renderSvg(spec);
    expect(svg).toMatch(/^<svg/);
    for (const text of ['accuracy', 'epoch', 'val accuracy', 'scaled', 'sum']) expect(svgTexts(svg)).toContain(text);
  });
  it('renders a PNG of twice the chart size', async () => {
    const png = await renderPng(spec);
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(width).toBeGreaterThan(2 * 480);
  });
});

describe('scatter chart', () => {
  it('draws one point per value, no lines, with the series in the legend', async () => {
    const svg = await renderSvg(
      scatterChartSpec({
        title: 'proxy vs standalone',
        xTitle: 'standalone',
        yTitle: 'supernet',
        points: [
          { x: 0.7, y: 0.3, series: '2 epochs' },
          { x: 0.8, y: 0.35, series: '2 epochs' },
          { x: 0.75, y: 0.5, series: '5 epochs' },
        ],
      }),
    );
    for (const text of ['proxy vs standalone', 'standalone', 'supernet', '2 epochs', '5 epochs']) expect(svgTexts(svg)).toContain(text);
    // Three point marks in a symbol mark, and no line mark.
    expect(svg).toContain('aria-roledescription="symbol mark container"');
    expect(svg.match(/aria-roledescription="point"/g) ?? []).toHaveLength(3);
    expect(svg).not.toMatch(/line mark/);
  });
});

describe('bar chart with error bars', () => {
  it('draws a mark and an interval per label, in the given order', async () => {
    const svg = await renderSvg(
      barChartSpec({
        title: 'test accuracy',
        yTitle: 'accuracy',
        zoom: true,
        bars: [
          { label: 'plain', value: 0.9, low: 0.88, high: 0.92 },
          { label: 'searched', value: 0.91, low: 0.9, high: 0.93 },
        ],
      }),
    );
    for (const text of ['test accuracy', 'accuracy', 'plain', 'searched']) expect(svgTexts(svg)).toContain(text);
    expect(svg.match(/aria-roledescription="point"/g) ?? []).toHaveLength(2);
    expect(svg.match(/aria-roledescription="rule mark"/g) ?? []).toHaveLength(2);
    expect(svg.indexOf('plain')).toBeLessThan(svg.indexOf('searched'));
  });
});
