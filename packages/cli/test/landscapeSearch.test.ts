import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from './runCli.js';
import { writeTinyIdx } from './tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-landscape-'));
let data: string;
beforeAll(() => {
  data = writeTinyIdx(join(tmp, 'idx'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const search = (out: string, landscape: string, ...extra: string[]) => [
  'search', '--evaluator', 'landscape', '--landscape', landscape, '--backbone', 'resnet8', '--width', '0.25', '--dataset', `idx:${data}`,
  '--budget', '24', '--population', '8', '--out', out, '--quiet', ...extra,
];

describe('reparam search --evaluator landscape', () => {
  it('searches the landscape by look-ups and retrains nothing', async () => {
    const out = join(tmp, 'run');
    const r = await runCli(search(out, 'rugged:seed=1,k=2,noise=4.5', '--json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results).toMatchObject({ evaluator: 'landscape', evaluations: 24, testAccuracy: null, parameters: null, baselines: {} });
    expect(results.bestScores).toHaveLength(2); // the search's score and the recheck's
    expect(results.bestValAccuracy).toBeGreaterThan(0.4);
    expect(results.bestValAccuracy).toBeLessThan(1);
    expect(existsSync(join(out, 'retrain-best'))).toBe(false);
    expect(existsSync(join(out, 'best-genome.json'))).toBe(true);
    // Finished, with no network: fuse says so (not "resume it"), and visualize skips the network's plots.
    const fuse = await runCli(['fuse', out]);
    expect(isCleanError(fuse), fuse.stderr).toBe(true);
    expect(fuse.stderr.trim()).toMatch(/^reparam: the search in .* trained no network \(its evaluator 'landscape' retrains nothing\): train its pick with reparam train --genome .*best-genome\.json$/);
    expect(existsSync(join(out, 'deploy'))).toBe(false);
    const plots = await runCli(['visualize', out]);
    expect(plots.code, plots.stderr).toBe(0);
    expect(plots.stdout).toMatch(/^skipped training-curves, feature-maps: the search's evaluator 'landscape' retrained no network$/m);
  });

  it('an unknown spec is a one-line error and leaves no run directory', async () => {
    const out = join(tmp, 'unknown');
    const r = await runCli(search(out, 'smooth:seed=1'));
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/unknown landscape 'smooth:seed=1'/);
    expect(existsSync(out)).toBe(false);
  });

  it('a malformed landscape file is a one-line error; on --resume, nothing already written is lost', async () => {
    const file = join(tmp, 'landscape.json');
    writeFileSync(file, JSON.stringify({ version: 1, kind: 'additive', seed: 2, noise: 1 }));
    const out = join(tmp, 'resumed');
    expect((await runCli(search(out, file))).code).toBe(0);
    const state = readFileSync(join(out, 'search-state.json'), 'utf8');
    const config = readFileSync(join(out, 'config.json'), 'utf8');
    writeFileSync(file, JSON.stringify({ version: 1, kind: 'additive', seed: 'two' }));
    const r = await runCli([...search(out, file), '--resume', '--budget', '32']);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/landscape file .*landscape\.json: field 'seed'/);
    expect(readFileSync(join(out, 'search-state.json'), 'utf8')).toBe(state);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(config);
    const fresh = join(tmp, 'fresh');
    expect(isCleanError(await runCli(search(fresh, file)))).toBe(true);
    expect(existsSync(fresh)).toBe(false);
  });

  it('passes --evaluator-option to the evaluator, keeps it in config.json, and holds it fixed on --resume', async () => {
    const out = join(tmp, 'options');
    const bad = await runCli(search(out, 'additive:seed=1', '--evaluator-option', 'lookup=median'));
    expect(isCleanError(bad), bad.stderr).toBe(true);
    expect(bad.stderr).toMatch(/evaluator 'landscape': option lookup must be one of seed, mean, got "median"/);
    expect(existsSync(out)).toBe(false);
    const malformed = await runCli(search(out, 'additive:seed=1', '--evaluator-option', 'lookup'));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/expected key=value/);
    expect((await runCli(search(out, 'additive:seed=1', '--evaluator-option', 'lookup=mean'))).code).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.evaluatorOptions).toEqual({ lookup: 'mean', landscape: 'additive:seed=1' });
    const other = await runCli([...search(out, 'additive:seed=1', '--evaluator-option', 'lookup=seed'), '--resume', '--budget', '32']);
    expect(isCleanError(other), other.stderr).toBe(true);
    expect(other.stderr).toMatch(/--evaluator-option cannot change on --resume: the run was made with \{"lookup":"mean"\}/);
    const same = await runCli([...search(out, 'additive:seed=1'), '--resume', '--budget', '32']);
    expect(same.code, same.stderr).toBe(0);
  });
});
