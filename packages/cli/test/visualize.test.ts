import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../src/runtime.js';
import { featureMapsSpec } from '@reparam/report';
import { loadTrainedNetwork, openRun, type TrainRun } from '@reparam/runs';
import { runDataset } from '@reparam/report';
import { isCleanError, runCli } from './runCli.js';
import { writeTinyIdx } from './tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-visualize-'));
const searchRun = join(tmp, 'search');
const trainRun = join(tmp, 'train');
let data: string;

const common = () => ['--width', '0.25', '--dataset', `idx:${data}`, '--val-fraction', '0.25', '--batch', '16', '--lr', '0.05'];

beforeAll(async () => {
  data = writeTinyIdx(join(tmp, 'idx'));
  const [search, train] = await Promise.all([
    runCli(['search', '--evaluator', 'supernet', '--backbone', 'resnet8', ...common(), '--budget', '4', '--population', '2', '--eval-epochs', '1', '--retrain-epochs', '1', '--calibration-images', '32', '--out', searchRun]),
    // post-bn: the slot output is BN(sum), its own row in the feature maps.
    runCli(['train', '--backbone', 'resnet8', ...common(), '--preset', 'acnet', '--aggregation', 'post-bn', '--epochs', '2', '--out', trainRun]),
  ]);
  expect(search.code, search.stderr).toBe(0);
  expect(train.code, train.stderr).toBe(0);
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh copy of a run, so each test finds it without plots (and may break it). */
function copyRun(from: string, name: string): string {
  const to = join(tmp, name);
  cpSync(from, to, { recursive: true });
  rmSync(join(to, 'plots'), { recursive: true, force: true });
  rmSync(join(to, 'report.html'), { force: true });
  return to;
}

const pngs = (run: string) => (existsSync(join(run, 'plots')) ? readdirSync(join(run, 'plots')).sort() : []);

/** Width and height of a PNG file, after checking its signature. */
function pngSize(path: string): [number, number] {
  const b = readFileSync(path);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('reparam visualize', () => {
  it('plots a search: progress, op probabilities, training curves of best and baseline, feature maps of the first multi-branch slot', async () => {
    const run = copyRun(searchRun, 'vis-search');
    const r = await runCli(['visualize', run]);
    expect(r.code, r.stderr).toBe(0);
    const files = pngs(run);
    const featureMaps = files.find((f) => f.startsWith('feature-maps-'));
    expect(files.filter((f) => f !== featureMaps)).toEqual(['op-probabilities.png', 'op-share-by-generation.png', 'search-progress.png', 'training-curves.png']);
    for (const f of files) {
      const [w, h] = pngSize(join(run, 'plots', f));
      expect(w).toBeGreaterThan(400);
      expect(h).toBeGreaterThan(200);
      expect(r.stdout).toContain(join(run, 'plots', f));
    }
    // The default slot is the first slot of the retrained best genome with an optional op.
    const config = JSON.parse(readFileSync(join(run, 'retrain-best', 'config.json'), 'utf8')) as { genome: Record<string, string[]> };
    const first = Object.entries(config.genome).find(([, ops]) => ops.length > 0)?.[0] ?? 'stem';
    expect(featureMaps).toBe(`feature-maps-${first}.png`);
  });

  it('plots a train run and says which plots do not apply', async () => {
    const run = copyRun(trainRun, 'vis-train');
    const r = await runCli(['visualize', run, '--slot', 'layer2.0.conv2', '--image', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(pngs(run)).toEqual(['feature-maps-layer2.0.conv2.png', 'training-curves.png']);
    expect(r.stdout).toMatch(/skipped search-progress, op-probabilities, op-share-by-generation: a train run has no search/);
  });

  it('refuses an unknown slot with the list of slots, after writing the plots it can', async () => {
    const run = copyRun(trainRun, 'vis-bad-slot');
    const r = await runCli(['visualize', run, '--slot', 'layer9.conv1']);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/unknown slot 'layer9\.conv1'; the network has: stem, layer1\.0\.conv1, .*layer3\.0\.conv2/);
    expect(pngs(run)).toEqual(['training-curves.png']);
  });

  it('refuses an image beyond the validation split', async () => {
    const run = copyRun(trainRun, 'vis-bad-image');
    const r = await runCli(['visualize', run, '--image', '5000']);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/--image 5000 is outside the validation split \(\d+ images: 0 to \d+\)/);
  });

  it('plots what it can of an unfinished search and says why the rest is missing', async () => {
    const run = copyRun(searchRun, 'vis-unfinished');
    rmSync(join(run, 'results.json'));
    rmSync(join(run, 'retrain-best', 'results.json'));
    const r = await runCli(['visualize', run]);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/could not make training-curves, feature-maps: the search in .* has not finished \(no retrain-best\/results\.json yet\): resume it with reparam search --out .* --resume; wrote search-progress\.png, op-probabilities\.png, op-share-by-generation\.png/);
    expect(pngs(run)).toEqual(['op-probabilities.png', 'op-share-by-generation.png', 'search-progress.png']);
  });

  it('refuses a directory that is not a run', async () => {
    for (const dir of [join(tmp, 'idx'), join(tmp, 'nowhere')]) {
      const r = await runCli(['visualize', dir]);
      expect(isCleanError(r), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/is not a run directory/);
    }
  });
});

describe('feature maps', () => {
  it('shows every branch of the slot, their sum and (post-bn) the slot output; the branches add up to the sum', async () => {
    const { registry } = await createRuntime({ backend: 'cpu' });
    const run = openRun(trainRun) as TrainRun;
    const dataset = await runDataset(registry, run)();
    const { net } = await loadTrainedNetwork(registry, { trainDir: run.dir, config: run.config }, dataset);
    const { spec, slot } = featureMapsSpec(net, dataset, { slot: 'layer1.0.conv1', image: 1, source: 'test' });
    net.dispose();
    expect(slot).toBe('layer1.0.conv1');
    const cells: { row: string; column: string; x: number; y: number; v: number }[] = [];
    JSON.stringify(spec, (_k, v) => {
      if (v && typeof v === 'object' && 'v' in v && 'row' in v) cells.push(v);
      return v;
    });
    const rows = [...new Set(cells.map((c) => c.row))];
    expect(rows).toEqual(['conv_kxk', 'conv_1xk', 'conv_kx1', 'sum', 'slot output (BN of sum)']);
    // Values of a channel share one scale, so the branch maps still add up to the sum map.
    const at = (row: string, c: (typeof cells)[number]) => cells.find((d) => d.row === row && d.column === c.column && d.x === c.x && d.y === c.y)!.v;
    for (const c of cells.filter((d) => d.row === 'sum')) {
      expect(at('conv_kxk', c) + at('conv_1xk', c) + at('conv_kx1', c)).toBeCloseTo(c.v, 4);
    }
  });
});

/** Chromium's binary, or undefined when none is installed. */
function findChromium(): string | undefined {
  for (const name of [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean) as string[]) {
    try {
      execFileSync('which', [name], { stdio: 'ignore' });
      return name;
    } catch {
      // not this one
    }
  }
  return undefined;
}

describe('reparam report', () => {
  let report: string;
  let html: string;

  it('writes one self-contained report.html, making the plots first', async () => {
    const run = copyRun(searchRun, 'report-search');
    const r = await runCli(['report', run]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*report\.html \(5 plots, made now\)/);
    report = join(run, 'report.html');
    html = readFileSync(report, 'utf8');
    for (const id of ['results-table', 'search-table', 'genome-table']) expect(html).toContain(`<table id="${id}">`);
    const images = [...html.matchAll(/<img src="([^"]*)"/g)].map((m) => m[1]);
    expect(images).toHaveLength(5);
    for (const src of images) expect(src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    // Nothing is fetched from anywhere: no external scripts, styles, images or fonts.
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import|<script|<link/i);
  });

  it('reports a train run: results, per-epoch history and genome tables', async () => {
    const run = copyRun(trainRun, 'report-train');
    const r = await runCli(['report', run]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: skipped search-progress, op-probabilities, op-share-by-generation: a train run has no search/);
    const page = readFileSync(join(run, 'report.html'), 'utf8');
    for (const id of ['results-table', 'settings-table', 'history-table', 'genome-table']) expect(page).toContain(`<table id="${id}">`);
    expect([...page.matchAll(/<img src="data:image\/png;base64,/g)]).toHaveLength(2);
  });

  const chromium = findChromium();
  it.skipIf(!chromium)(
    `renders in headless Chromium with its tables and every image decoded${chromium ? '' : ' (skipped: no chromium binary; apt-get install chromium)'}`,
    async () => {
      // A copy with a probe script: the report itself has none.
      const probe = join(tmp, 'report-probe.html');
      const script =
        "<script>window.addEventListener('load',()=>{document.body.setAttribute('data-images',[...document.images].map(i=>i.complete?i.naturalWidth:0).join(','));" +
        "document.body.setAttribute('data-rows',document.querySelectorAll('#results-table tbody tr, #genome-table tbody tr').length)});</script>";
      writeFileSync(probe, html.replace('</body>', `${script}</body>`));
      mkdirSync(join(tmp, 'chromium-profile'), { recursive: true });
      const dom = await new Promise<string>((resolve, reject) => {
        execFile(
          chromium!,
          ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(tmp, 'chromium-profile')}`, '--virtual-time-budget=5000', '--dump-dom', `file://${probe}`],
          { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        );
      });
      const widths = /data-images="([^"]*)"/.exec(dom)?.[1].split(',').map(Number);
      expect(widths).toHaveLength(5);
      for (const w of widths!) expect(w).toBeGreaterThan(400);
      expect(Number(/data-rows="(\d+)"/.exec(dom)?.[1])).toBeGreaterThan(2);
      expect(dom).toContain('<table id="genome-table">');
    },
    90_000,
  );
});
