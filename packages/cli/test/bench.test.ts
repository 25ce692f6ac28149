import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNativeAvailable } from '@reparam/backend-native';
import { describe, expect, it } from 'vitest';
import { isCleanError, runCli } from './runCli.js';
import { writeTinyIdx } from './tinyIdx.js';

describe('reparam bench train', () => {
  it.skipIf(!isNativeAvailable())('prints the BENCHMARKS.md fields for bench-net on the native backend', async () => {
    const r = await runCli(['--backend', 'native', 'bench', 'train', '--variant', 'plain', '--batch', '8', '--steps', '1', '--warmup', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['aggregation', 'backend', 'batch', 'infer_ms', 'rss_mb', 'train_img_per_s', 'variant']);
    expect(out).toMatchObject({ backend: 'native', variant: 'plain', aggregation: 'sum', batch: 8 });
    expect(out.train_img_per_s).toBeGreaterThan(0);
  });
  it.skipIf(!isNativeAvailable())('--aggregation online: the every-op network trained online', async () => {
    const r = await runCli(['--backend', 'native', 'bench', 'train', '--variant', 'full', '--aggregation', 'online', '--batch', '8', '--steps', '1', '--warmup', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ variant: 'full', aggregation: 'online', batch: 8 });
    const bad = await runCli(['bench', 'train', '--aggregation', 'mean']);
    expect(isCleanError(bad)).toBe(true);
    expect(bad.stderr).toMatch(/^reparam: unknown aggregation 'mean'; known: sum, scaled, post-bn, online$/m);
  });
  it('refuses an unknown variant and an unavailable backend with one line', async () => {
    const v = await runCli(['bench', 'train', '--variant', 'huge']);
    expect(isCleanError(v)).toBe(true);
    expect(v.stderr).toMatch(/^reparam: unknown variant 'huge'; expected plain or full$/m);
    const b = await runCli(['--backend', 'tensorflow', 'bench', 'train']);
    expect(isCleanError(b)).toBe(true);
    expect(b.stderr).toMatch(/backend 'tensorflow' is not available: install '@tensorflow\/tfjs-node'/);
  });
});

describe('reparam bench aggregation', () => {
  it('trains plain and every-op nets in each mode and writes the page with two PNG charts', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'reparam-bench-agg-'));
    try {
      const data = writeTinyIdx(join(tmp, 'idx'), 48, 16);
      const doc = join(tmp, 'docs', 'opt.md');
      const r = await runCli([
        'bench', 'aggregation', '--backbone', 'bench-net', '--width', '0.25', '--dataset', `idx:${data}`,
        '--epochs', '1', '--batch', '16', '--out', join(tmp, 'runs'), '--doc', doc,
      ]);
      expect(r.code).toBe(0);
      const summary = JSON.parse(readFileSync(join(tmp, 'runs', 'summary.json'), 'utf8'));
      expect(summary.rows.map((row: { variant: string }) => row.variant)).toEqual(['plain', 'full/sum', 'full/scaled', 'full/post-bn', 'full/online']);
      const page = readFileSync(doc, 'utf8');
      expect(page).toMatch(/\| full\/online \| /);
      // Per-seed numbers and the paired comparisons, online against scaled among them.
      expect(page).toMatch(/\| seed \| plain \| full\/sum \| full\/scaled \| full\/post-bn \| full\/online \|/);
      expect(page).toMatch(/\| full\/online − full\/scaled \| [+-]\d+\.\d\d \| \[/);
      // What is written by hand under the generated part survives a rerun.
      writeFileSync(doc, `${page}\nA reading of the numbers.\n`);
      for (const png of ['optimization-fix-train-loss.png', 'optimization-fix-val-accuracy.png']) {
        const bytes = readFileSync(join(tmp, 'docs', 'img', png));
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        expect(page).toContain(`img/${png}`);
      }
      // A second call reuses the finished runs instead of training again.
      const again = await runCli(['bench', 'aggregation', '--backbone', 'bench-net', '--width', '0.25', '--dataset', `idx:${data}`, '--epochs', '1', '--batch', '16', '--out', join(tmp, 'runs')]);
      expect(again.code).toBe(0);
      expect(again.stderr).not.toMatch(/train epoch/);
      const rewritten = await runCli(['bench', 'aggregation', '--backbone', 'bench-net', '--width', '0.25', '--dataset', `idx:${data}`, '--epochs', '1', '--batch', '16', '--out', join(tmp, 'runs'), '--doc', doc]);
      expect(rewritten.code).toBe(0);
      expect(readFileSync(doc, 'utf8')).toMatch(/<!-- generated above; written by hand below -->\n*A reading of the numbers\.\n$/);
      expect(existsSync(join(tmp, 'runs', 'full-scaled', 'seed-0', 'results.json'))).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
