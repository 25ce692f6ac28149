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
  '--genomes', '8', '--evaluator', 'supernet', '--eval-epochs', '1,2', '--standalone-epochs', '1', '--batch', '16', '--lr', '0.05', '--calibration-images', '16',
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
    const page = JSON.parse(readFileSync(join(tmp, 'docs', 'proxy.json'), 'utf8'));
    expect(page.experiments.map((e: { id: string }) => e.id)).toEqual([`resnet8-${`idx:${data}`.replace(/[^\w.-]+/g, '_')}`]);
    const json = page.experiments[0];
    expect(json).toMatchObject({ backend: expect.any(String), command: expect.stringMatching(/^reparam bench proxy /) });
    expect(json.rows.map((row: { evaluator: string; evalEpochs: number; evalSeed: number }) => [row.evaluator, row.evalEpochs, row.evalSeed])).toEqual([
      ['supernet', 1, 100],
      ['supernet', 2, 100],
    ]);
    for (const row of json.rows) {
      expect(row.genomes).toBe(8);
      expect(row.kendallTau).toBeGreaterThanOrEqual(-1);
      expect(row.kendallTau).toBeLessThanOrEqual(1);
      expect(row.kendallTauInterval[0]).toBeLessThanOrEqual(row.kendallTau);
      expect(row.kendallTauInterval[1]).toBeGreaterThanOrEqual(row.kendallTau);
      expect(row.options).toEqual({ calibrationImages: 16 });
      expect(row.seconds).toBeGreaterThan(0);
      expect(row.top5Overlap).toBeLessThanOrEqual(5);
      expect(Math.abs(row.scoreVsOpsKendallTau)).toBeLessThanOrEqual(1);
    }
    expect(typeof json.seedToSeedKendallTau).toBe('number');
    expect(Math.abs(json.standaloneVsOpsKendallTau)).toBeLessThanOrEqual(1);
    // Two seeds have no halves to compare.
    expect(json.splitHalfKendallTau).toBeNull();
    // The presets come first, then uniformly random genomes alternating with ones stratified by identity count.
    expect(json.scores.map((s: { name: string }) => s.name)).toEqual(['plain', 'repvgg', 'acnet', 'dbb', 'full', 'random-1', 'identity-50%-1', 'random-3']);
    expect(json.scores.every((s: { standalone: number[] }) => s.standalone.length === 2)).toBe(true);
    expect(readFileSync(doc, 'utf8')).toMatch(/^# How well evaluators rank genomes\n\n<!-- generated section: resnet8-idx_[^\n]+\n## resnet8 on idx:/);
    expect(readFileSync(doc, 'utf8')).toMatch(/Seed-to-seed Kendall τ/);
    expect(readFileSync(doc, 'utf8')).toMatch(/\| supernet \| 2 \| calibrationImages 16 \| -?\d\.\d\d \[-?\d\.\d\d, -?\d\.\d\d\] \|/);
    expect(readFileSync(join(tmp, 'docs', 'img', `proxy-scatter-${json.id}.png`)).subarray(1, 4).toString()).toBe('PNG');

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
    expect(more.stderr.match(/standalone seed \d/g)).toHaveLength(16);
    expect(more.stderr).not.toMatch(/standalone seed [01] /);
    expect(Math.abs(JSON.parse(more.stdout).splitHalfKendallTau)).toBeLessThanOrEqual(1);

    // Another evaluator on the same genomes: reported first, beside every setting measured before.
    const standalone = await runCli([...args(data, out), '--standalone-seeds', '4', '--evaluator', 'standalone', '--eval-epochs', '1']);
    expect(standalone.code, standalone.stderr).toBe(0);
    expect(JSON.parse(standalone.stdout).rows.map((r: { evaluator: string; evalEpochs: number }) => `${r.evaluator}/${r.evalEpochs}`)).toEqual(['standalone/1', 'supernet/1', 'supernet/2']);
  });

  it('measures any evaluator with its options; shards split the standalone trainings and the unsharded run scores', async () => {
    const data = writeTinyIdx(join(tmp, 'idx3'), 48, 16);
    const out = join(tmp, 'sharded');
    const standalone = ['--evaluator', 'standalone', '--eval-epochs', '1', '--eval-images', '16', '--val-images', '8'];
    // Before the shards are done, the unsharded run says so and scores nothing.
    const parts = await Promise.all(['1/2', '2/2'].map((shard) => runCli([...args(data, out, ...standalone), '--shard', shard])));
    for (const part of parts) {
      expect(part.code).toBe(0);
      // 8 genomes × 2 seeds, half each.
      expect(part.stderr.match(/standalone seed \d/g)).toHaveLength(8);
    }
    const scores = JSON.parse(readFileSync(join(out, 'scores.json'), 'utf8'));
    // Both shards saved into one file: nothing of either is lost.
    expect(Object.values(scores.standalone).map((byName) => Object.keys(byName as object).length)).toEqual([8, 8]);
    const r = await runCli(args(data, out, ...standalone));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/standalone seed/);
    const rows = JSON.parse(r.stdout).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ evaluator: 'standalone', evalEpochs: 1, evalSeed: 100, options: { trainImages: 16, validationImages: 8, calibrationImages: 16 } });
    // A standalone candidate scored on 8 validation images can only score in eighths.
    for (const v of Object.values(JSON.parse(readFileSync(join(out, 'scores.json'), 'utf8')).proxies)) {
      for (const score of Object.values(v as Record<string, number>)) expect(Math.round(score * 8)).toBeCloseTo(score * 8, 9);
    }
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
