import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from '../../cli/test/runCli.js';
import { HAND_WRITTEN_MARKER } from '../src/generatedDoc.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-bench-strategies-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reparam bench strategies', () => {
  it('scores every strategy on each landscape and writes a section of the page, the JSON and the PNG, keeping the rest of the page', async () => {
    const docs = join(tmp, 'docs');
    mkdirSync(docs);
    const doc = join(docs, 'search.md');
    writeFileSync(doc, `# Search strategies compared\n\nbench search's table\n\n${HAND_WRITTEN_MARKER}\n\nread by hand\n`);
    const r = await runCli([
      'bench', 'strategies', '--backbone', 'resnet8', '--seeds', '3', '--budgets', '16,8', '--no-default-landscapes',
      '--landscape', 'additive:seed=1', '--landscape', 'rugged:seed=2,k=2,noise=4.5', '--doc', doc,
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.landscapes.map((l: { optimum: number }) => l.optimum)).toEqual([90, 90]);
    // The best genome with one op set everywhere: between the optimum and a random genome (60%) on these unshared landscapes.
    for (const l of printed.landscapes as { bestSharedOps: { fitness: number; regret: number; ops: string[] } }[]) {
      expect(l.bestSharedOps.regret).toBeGreaterThan(0);
      expect(l.bestSharedOps.fitness).toBeGreaterThan(60);
      expect(l.bestSharedOps.fitness + l.bestSharedOps.regret).toBeCloseTo(90, 6);
    }
    const page = JSON.parse(readFileSync(join(docs, 'search.json'), 'utf8'));
    expect(page.experiments.map((e: { id: string }) => e.id)).toEqual(['strategies-resnet8']);
    const { command, rows } = page.experiments[0];
    expect(command).toMatch(/^reparam bench strategies /);
    expect(rows.map((row: { strategy: string; landscape: string; budget: number }) => `${row.strategy} ${row.landscape} ${row.budget}`)).toEqual(
      ['directional-es', 'regularized-evolution', 'random'].flatMap((s) => [`${s} additive:seed=1 8`, `${s} additive:seed=1 16`]).concat(
        ['directional-es', 'regularized-evolution', 'random'].flatMap((s) => [`${s} rugged:seed=2,k=2,noise=4.5 8`, `${s} rugged:seed=2,k=2,noise=4.5 16`]),
      ),
    );
    for (const row of rows) {
      expect(row.seeds).toBe(3);
      expect(row.noise).toBe(row.landscape.includes('noise') ? 4.5 : 0);
      expect(row.medianFinalRegret).toBeGreaterThanOrEqual(0);
      expect(row.medianFinalRegret).toBeLessThanOrEqual(90);
      expect(row.finalRegretIqr[0]).toBeLessThanOrEqual(row.medianFinalRegret);
      expect(row.finalRegretIqr[1]).toBeGreaterThanOrEqual(row.medianFinalRegret);
      expect(row.seedsReachingTop1Pct).toBeLessThanOrEqual(3);
      expect(row.medianEvalsToTop1Pct === null || row.medianEvalsToTop1Pct <= row.budget).toBe(true);
    }
    const text = readFileSync(doc, 'utf8');
    expect(text).toMatch(/^# Search strategies compared\n\nbench search's table\n\n<!-- generated section: strategies-resnet8 -->\n## Strategies on landscapes with a known optimum \(resnet8\)/);
    expect(text).toMatch(/\| additive:seed=1 \| directional-es \| 16 \| \d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\) \|/);
    expect(text).toMatch(/`additive:seed=1` \(optimum 90\.0%, top 1% from \d+\.\d\d%, best shared-ops genome's regret \d+\.\d\d\)/);
    expect(text.endsWith(`${HAND_WRITTEN_MARKER}\n\nread by hand\n`)).toBe(true);
    expect(readFileSync(join(docs, 'img', 'search-strategies-regret-resnet8.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('an unknown landscape or strategy is a one-line error', async () => {
    const r = await runCli(['bench', 'strategies', '--landscape', 'bumpy', '--seeds', '1']);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/unknown landscape 'bumpy'/);
    expect(isCleanError(await runCli(['bench', 'strategies', '--strategies', 'hill-climb', '--seeds', '1']))).toBe(true);
  });
});
