import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from '../../cli/test/runCli.js';
import { writeTinyIdx } from '../../cli/test/tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-bench-proxy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const args = (data: string, out: string, ...extra: string[]) => [
  'bench', 'proxy', '--backbone', 'resnet8', '--width', '0.25', '--dataset', `idx:${data}`, '--limit', '48', '--val-fraction', '0.25',
  '--genomes', '7', '--supernet-epochs', '1,2', '--standalone-epochs', '1', '--batch', '16', '--lr', '0.05', '--calibration-images', '16',
  '--out', out, ...extra,
];

describe('reparam bench proxy', () => {
  it('ranks the presets and random genomes by supernet and by standalone training, writes the page, the JSON and the scatter PNG', async () => {
    const data = writeTinyIdx(join(tmp, 'idx'), 48, 16);
    const out = join(tmp, 'runs');
    const doc = join(tmp, 'docs', 'proxy.md');
    const r = await runCli(args(data, out, '--doc', doc));
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(tmp, 'docs', 'proxy.json'), 'utf8'));
    expect(json).toMatchObject({ backend: expect.any(String), command: expect.stringMatching(/^reparam bench proxy /) });
    expect(json.rows.map((row: { supernetEpochs: number }) => row.supernetEpochs)).toEqual([1, 2]);
    for (const row of json.rows) {
      expect(row.genomes).toBe(7);
      expect(row.kendallTau).toBeGreaterThanOrEqual(-1);
      expect(row.kendallTau).toBeLessThanOrEqual(1);
      expect(row.top5Overlap).toBeLessThanOrEqual(5);
      expect(Math.abs(row.scoreVsOpsKendallTau)).toBeLessThanOrEqual(1);
    }
    expect(typeof json.seedToSeedKendallTau).toBe('number');
    expect(Math.abs(json.standaloneVsOpsKendallTau)).toBeLessThanOrEqual(1);
    // Two seeds have no halves to compare.
    expect(json.splitHalfKendallTau).toBeNull();
    // The presets come first, then random genomes.
    expect(json.scores.slice(0, 5).map((s: { name: string }) => s.name)).toEqual(['plain', 'repvgg', 'acnet', 'dbb', 'full']);
    expect(json.scores.every((s: { standalone: number[] }) => s.standalone.length === 2)).toBe(true);
    expect(readFileSync(doc, 'utf8')).toMatch(/Seed-to-seed Kendall τ/);
    expect(readFileSync(join(tmp, 'docs', 'img', 'proxy-scatter.png')).subarray(1, 4).toString()).toBe('PNG');

    // A rerun reuses every score; other settings in the same --out are refused, nothing lost.
    const again = await runCli(args(data, out));
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/standalone seed/);
    const before = readFileSync(join(out, 'scores.json'), 'utf8');
    const other = await runCli([...args(data, out), '--standalone-epochs', '2']);
    expect(isCleanError(other)).toBe(true);
    expect(other.stderr).toMatch(/scores\.json holds scores made with standaloneEpochs 1, not 2; use another --out/);
    expect(readFileSync(join(out, 'scores.json'), 'utf8')).toBe(before);

    // Two more seeds: only their standalone trainings run, and the halves can be compared.
    const more = await runCli([...args(data, out), '--standalone-seeds', '4']);
    expect(more.code).toBe(0);
    expect(more.stderr.match(/standalone seed \d/g)).toHaveLength(14);
    expect(more.stderr).not.toMatch(/standalone seed [01] /);
    expect(Math.abs(JSON.parse(more.stdout).splitHalfKendallTau)).toBeLessThanOrEqual(1);
  });

  it('refuses a malformed scores file with one line and keeps it', async () => {
    const data = writeTinyIdx(join(tmp, 'idx2'), 48, 16);
    const out = join(tmp, 'bad');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'scores.json'), '{"genomes": 3}');
    const r = await runCli(args(data, out));
    expect(isCleanError(r)).toBe(true);
    expect(r.stderr).toMatch(/scores\.json is not a proxy benchmark's scores file/);
    expect(readFileSync(join(out, 'scores.json'), 'utf8')).toBe('{"genomes": 3}');
  });
});
