import { describe, expect, it } from 'vitest';
import { lineChartSpec, renderPng, renderSvg } from '../src/index.js';

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
    for (const text of ['accuracy', 'epoch', 'val accuracy', 'scaled', 'sum']) expect(svg).toContain(text);
  });
  it('renders a PNG of twice the chart size', async () => {
    const png = await renderPng(spec);
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(width).toBeGreaterThan(2 * 480);
  });
});
