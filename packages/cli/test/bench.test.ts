import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    expect(Object.keys(out).sort()).toEqual(['backend', 'batch', 'infer_ms', 'rss_mb', 'train_img_per_s', 'variant']);
    expect(out).toMatchObject({ backend: 'native', variant: 'plain', batch: 8 });
    expect(out.train_img_per_s).toBeGreaterThan(0);
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
      expect(summary.rows.map((row: { variant: string }) => row.variant)).toEqual(['plain', 'full/sum', 'full/scaled', 'full/post-bn']);
      const page = readFileSync(doc, 'utf8');
      expect(page).toMatch(/\| full\/post-bn \| /);
      for (const png of ['optimization-fix-train-loss.png', 'optimization-fix-val-accuracy.png']) {
        const bytes = readFileSync(join(tmp, 'docs', 'img', png));
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        expect(page).toContain(`img/${png}`);
      }
      // A second call reuses the finished runs instead of training again.
      const again = await runCli(['bench', 'aggregation', '--backbone', 'bench-net', '--width', '0.25', '--dataset', `idx:${data}`, '--epochs', '1', '--batch', '16', '--out', join(tmp, 'runs')]);
      expect(again.code).toBe(0);
      expect(again.stderr).not.toMatch(/train epoch/);
      expect(existsSync(join(tmp, 'runs', 'full-scaled', 'seed-0', 'results.json'))).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
