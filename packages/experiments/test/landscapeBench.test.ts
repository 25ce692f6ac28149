import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from '../../cli/test/runCli.js';
import { writeTinyIdx } from '../../cli/test/tinyIdx.js';
import { expandSharedOps, opSubsets } from '../src/landscapeBench.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-bench-landscape-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const args = (data: string, out: string, ...extra: string[]) => [
  'bench', 'landscape', '--backbone', 'resnet8', '--width', '0.25', '--dataset', `idx:${data}`, '--limit', '48', '--val-fraction', '0.25',
  '--ops', 'identity,conv_1x1', '--epochs', '1', '--seeds', '2', '--batch', '16', '--lr', '0.05', '--out', out, ...extra,
];

describe('reparam bench landscape', () => {
  it('lists every op subset once, smallest first, and expands one into the slots that allow its ops', () => {
    expect(opSubsets(['a', 'b', 'c']).map((s) => s.join('+'))).toEqual(['', 'a', 'b', 'c', 'a+b', 'a+c', 'b+c', 'a+b+c']);
    const slots = [
      { name: 'stem', options: ['conv_1x1', 'avg'] },
      { name: 'l1', options: ['identity', 'conv_1x1', 'avg'] },
    ];
    // identity only where the slot allows it (same shape, stride 1); the order is the slot's.
    expect(expandSharedOps(['identity', 'conv_1x1'], slots as never)).toEqual({ stem: ['conv_1x1'], l1: ['identity', 'conv_1x1'] });
  });

  it('trains every subset with every seed across shards, writes a table the landscape evaluator reads, and trains nothing twice', async () => {
    const data = writeTinyIdx(join(tmp, 'idx'), 48, 16);
    const out = join(tmp, 'runs');
    const file = join(tmp, 'docs', 'landscapes', 'tiny.json');
    const first = await runCli(args(data, out, '--shard', '1/2'));
    expect(first.code, first.stderr).toBe(0);
    // 4 subsets × 2 seeds = 8 trainings; the first shard takes every other one.
    expect(first.stderr.match(/^seed \d /gm)).toHaveLength(4);
    expect(existsSync(file)).toBe(false);
    const second = await runCli(args(data, out, '--file', file));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr.match(/^seed \d /gm)).toHaveLength(4);
    const table = JSON.parse(readFileSync(file, 'utf8'));
    expect(table).toMatchObject({ version: 1, kind: 'tabulated', backbone: 'resnet8', space: { slots: [{ name: 'every-slot', options: ['identity', 'conv_1x1'] }] } });
    expect(table.command).toMatch(/^reparam bench landscape /);
    expect(table.entries.map((e: { genome: Record<string, string[]> }) => e.genome['every-slot'])).toEqual([[], ['identity'], ['conv_1x1'], ['identity', 'conv_1x1']]);
    const scores = JSON.parse(readFileSync(join(out, 'scores.json'), 'utf8')).scores;
    // The file holds exactly what the trainings scored, seed by seed.
    expect(table.entries[3].scores).toEqual([scores['seed-0']['identity+conv_1x1'], scores['seed-1']['identity+conv_1x1']]);

    // A rerun trains nothing; another setting in the same --out is refused in one line, the scores kept.
    const again = await runCli(args(data, out, '--file', file));
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/^seed \d /m);
    const before = readFileSync(join(out, 'scores.json'), 'utf8');
    const other = await runCli([...args(data, out), '--epochs', '2']);
    expect(isCleanError(other)).toBe(true);
    expect(other.stderr).toMatch(/holds scores made with epochs 1, not 2; use another --out/);
    expect(readFileSync(join(out, 'scores.json'), 'utf8')).toBe(before);

    // Strategies search the table's own sub-space; every search's pick is one of its 4 genomes.
    const bench = await runCli(['bench', 'strategies', '--landscape', file, '--no-default-landscapes', '--strategies', 'random,directional-es', '--seeds', '3', '--budgets', '2,4', '--population', '2', '--recheck', '1']);
    expect(bench.code, bench.stderr).toBe(0);
    const rows = JSON.parse(bench.stdout).rows as { strategy: string; budget: number; medianFinalRegret: number }[];
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.medianFinalRegret).toBeGreaterThanOrEqual(0);
    // Regret is measured against the table's best mean: never more than the spread of its means.
    const means = table.entries.map((e: { scores: number[] }) => (e.scores[0] + e.scores[1]) / 2);
    const range = 100 * (Math.max(...means) - Math.min(...means));
    for (const r of rows) expect(r.medianFinalRegret).toBeLessThanOrEqual(range + 1e-9);

    // A search over the backbone's space cannot be scored by a sub-space table: one line says where to use it.
    const search = await runCli(['search', '--backbone', 'resnet8', '--evaluator', 'landscape', '--landscape', file, '--budget', '4', '--out', join(tmp, 'search')]);
    expect(isCleanError(search)).toBe(true);
    expect(search.stderr).toMatch(/covers a sub-space of its own \(every-slot\).*bench strategies --landscape/);
  }, 240_000);

  it('refuses a malformed scores file in one line and leaves it as it was', async () => {
    const data = writeTinyIdx(join(tmp, 'idx2'), 48, 16);
    const out = join(tmp, 'bad');
    const r0 = await runCli([...args(data, out), '--seeds', '1', '--ops', 'conv_1x1']);
    expect(r0.code, r0.stderr).toBe(0);
    writeFileSync(join(out, 'scores.json'), '{"settings": {}, "scores": {"seed-0": {"none": 2}}}');
    const r = await runCli([...args(data, out), '--seeds', '1', '--ops', 'conv_1x1']);
    expect(isCleanError(r)).toBe(true);
    expect(r.stderr).toMatch(/is not a landscape benchmark's scores file/);
    expect(readFileSync(join(out, 'scores.json'), 'utf8')).toBe('{"settings": {}, "scores": {"seed-0": {"none": 2}}}');
  }, 120_000);
});
