import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/test/runCli.js';
import { writeTinyIdx } from '../../cli/test/tinyIdx.js';

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
