import { isNativeAvailable } from '@reparam/backend-native';
import { describe, expect, it } from 'vitest';
import { isCleanError, runCli } from '../../cli/test/runCli.js';

describe('reparam bench train', () => {
  it.skipIf(!isNativeAvailable())('prints the bench-net fields of docs/benchmarks.md on the native backend', async () => {
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
