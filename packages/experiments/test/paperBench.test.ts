import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, type SearchSpace } from '@reparam/core';
import { afterAll, describe, expect, it } from 'vitest';
import { matchedRandomGenome, PAPER_CONFIGS } from '../src/paperBench.js';
import { runCli } from '../../cli/test/runCli.js';
import { writeTinyIdx } from '../../cli/test/tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-bench-paper-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('matched-random genome', () => {
  it('has the same number of optional ops in every slot as the searched one, drawn from the slot’s own ops', () => {
    const space: SearchSpace = {
      slots: [
        { name: 'a', options: ['x', 'y', 'z'] },
        { name: 'b', options: ['x', 'y'] },
        { name: 'c', options: ['x'] },
      ],
    } as unknown as SearchSpace;
    for (let seed = 0; seed < 20; seed++) {
      const g = matchedRandomGenome(space, { a: ['x', 'z'], b: [], c: ['x'] }, new Rng(seed));
      expect(g.a).toHaveLength(2);
      expect(g.b).toEqual([]);
      expect(g.c).toEqual(['x']);
      expect(g.a.every((op) => ['x', 'y', 'z'].includes(op))).toBe(true);
    }
  });
});

describe('reparam bench paper', () => {
  it('runs end to end on tiny settings (2 seeds): three searches, nine configurations retrained, results.md and results.json', async () => {
    const data = writeTinyIdx(join(tmp, 'idx'), 48, 16);
    const doc = join(tmp, 'docs', 'results.md');
    const args = [
      'bench', 'paper', '--backbone', 'resnet8', '--width', '0.25', '--dataset', `idx:${data}`, '--limit', '48', '--val-fraction', '0.25',
      '--seeds', '2', '--budget', '4', '--population', '2', '--eval-epochs', '1', '--epochs', '1', '--batch', '16', '--lr', '0.05',
      '--calibration-images', '16', '--aggregation', 'online', '--out', join(tmp, 'runs'),
    ];
    // Two shards (as two processes or machines would) run one seed each ...
    for (const shard of ['1/2', '2/2']) {
      const part = await runCli([...args, '--shard', shard]);
      expect(part.stderr).not.toMatch(/internal error/);
      expect(part.code).toBe(0);
      expect(JSON.parse(part.stdout).rows).toHaveLength(9);
      expect(existsSync(join(tmp, 'runs', `seed-${shard === '1/2' ? 0 : 1}`, 'plain', 'results.json'))).toBe(true);
    }
    expect(existsSync(join(tmp, 'runs', 'summary.json'))).toBe(false);
    // ... and the unsharded run reuses both and writes the page.
    const r = await runCli([...args, '--doc', doc]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/generation 1|epoch 1/);
    const page = JSON.parse(readFileSync(join(tmp, 'docs', 'results.json'), 'utf8'));
    expect(page.experiments).toHaveLength(1);
    const json = page.experiments[0];
    expect(json.command).toMatch(/^reparam bench paper /);
    expect(json.rows).toHaveLength(2 * 9);
    expect(new Set(json.rows.map((row: { backbone: string }) => row.backbone))).toEqual(new Set(['resnet8']));
    expect(new Set(json.rows.map((row: { config: string }) => row.config))).toEqual(new Set(PAPER_CONFIGS));
    for (const row of json.rows) {
      for (const k of ['testAccuracy', 'trainImgPerS', 'fusedLatencyMs', 'paramsFused', 'paramsTrain']) expect(Number.isFinite(row[k])).toBe(true);
      // Every configuration deploys to the same plain network.
      expect(row.paramsFused).toBe(json.rows[0].paramsFused);
    }
    const text = readFileSync(doc, 'utf8');
    expect(text).toMatch(/\| searched − plain \| [+-]\d+\.\d\d \| \[/);
    expect(text).toMatch(/\| searched − matched-random \|/);
    expect(text).toMatch(/\| searched − searched-random \|/);
    expect(text).toMatch(/^# Searched Rep ops against hand-designed ones\n\n<!-- generated section: resnet8-idx_[^\n]+\n## resnet8 on idx:/);
    expect(text).toMatch(/\| configuration \| seed 0 \| seed 1 \|\n\| --- \| --- \| --- \|\n\| plain \| \d+\.\d\d% \| \d+\.\d\d% \|/);
    for (const png of [`results-accuracy-${json.id}.png`, `results-searched-ops-${json.id}.png`]) expect(readFileSync(join(tmp, 'docs', 'img', png)).subarray(1, 4).toString()).toBe('PNG');
    // A rerun reuses the searches and the trained runs.
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/generation 1|epoch 1/);
  });

  it('refuses a malformed --shard, and --doc with --shard, with a one-line message', async () => {
    for (const [extra, message] of [
      [['--shard', '3/2'], /expected i\/n with 1 ≤ i ≤ n/],
      [['--shard', '1/2', '--doc', join(tmp, 'x.md')], /--doc needs every seed/],
    ] as const) {
      const r = await runCli(['bench', 'paper', '--out', join(tmp, 'refused'), ...extra]);
      expect(r.code).not.toBe(0);
      // The message is one line (a usage error adds the --help hint below it).
      expect(r.stderr.trim().split('\n')[0]).toMatch(message);
    }
    expect(existsSync(join(tmp, 'refused'))).toBe(false);
  });
});
