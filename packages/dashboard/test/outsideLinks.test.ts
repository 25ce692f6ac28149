import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectInside, leadsOutside, outsideReason, runArtifacts, runSummary } from '../src/index.js';
import { runFingerprint } from '../src/runFingerprint.js';

// Run folders whose files lead out of the dashboard's directory (symlinks, a `..` in a baseline's
// name): the dashboard reads none of them; the run is failed with the reason.

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'reparam-outside-links-')));
const root = join(tmp, 'runs');
const outside = join(tmp, 'outside');
const secret = '{"testAccuracy": 0.1234567, "backend": "SECRET-7f3a9"}';
mkdirSync(join(outside, 'run'), { recursive: true });
writeFileSync(join(outside, 'results.json'), secret);
writeFileSync(join(outside, 'run', 'config.json'), '{"command": "train"}');
writeFileSync(join(outside, 'run', 'results.json'), secret);
mkdirSync(join(outside, 'deploy'));
writeFileSync(join(outside, 'deploy', 'model.onnx'), 'weights');

/** A run folder under root with a config.json (its content is not what these tests look at). */
function run(id: string, config: object = { command: 'train' }): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const linkedResults = run('linked-results');
symlinkSync(join(outside, 'results.json'), join(linkedResults, 'results.json'));
const linkedRetrain = run('linked-retrain', { command: 'search', baselines: ['plain'] });
symlinkSync(join(outside, 'run'), join(linkedRetrain, 'retrain-best'));
const linkedInRetrain = run('linked-in-retrain', { command: 'search', baselines: ['plain'] });
mkdirSync(join(linkedInRetrain, 'retrain-plain'));
symlinkSync(join(outside, 'results.json'), join(linkedInRetrain, 'retrain-plain', 'results.json'));
// openRun reads retrain-<preset>/ of each baseline, so `..` in a name leads anywhere, without a symlink.
const dotted = run('dotted', { command: 'search', baselines: ['../../../../outside/run'] });
const dottedPath = join(dotted, 'retrain-../../../../outside/run');
const sharedInside = run('shared');
writeFileSync(join(sharedInside, 'results.json'), '{}');
const linkedInside = run('linked-inside');
symlinkSync(join(sharedInside, 'results.json'), join(linkedInside, 'results.json'));
symlinkSync(join(tmp, 'nowhere.json'), join(linkedInside, 'log.jsonl'));
const linkedDeploy = run('linked-deploy');
symlinkSync(join(outside, 'deploy'), join(linkedDeploy, 'deploy'));
symlinkSync(join(outside, 'run'), join(root, 'linked-run'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('outsideReason', () => {
  it('names the first file or training folder that leads out of root', () => {
    expect(outsideReason(root, linkedResults)).toBe("results.json links outside the dashboard's directory");
    expect(outsideReason(root, linkedRetrain)).toBe("retrain-best links outside the dashboard's directory");
    expect(outsideReason(root, linkedInRetrain)).toBe("retrain-plain/results.json links outside the dashboard's directory");
    expect(dottedPath).toBe(join(outside, 'run'));
    expect(outsideReason(root, dotted)).toBe("retrain-../../../../outside/run points outside the dashboard's directory");
    expect(outsideReason(root, join(root, 'linked-run'))).toBe("the run folder links outside the dashboard's directory");
  });

  it('lets symlinks inside root, dangling ones and absent files be', () => {
    expect(outsideReason(root, linkedInside)).toBeUndefined();
    expect(outsideReason(root, sharedInside)).toBeUndefined();
    expect(leadsOutside(root, join(linkedInside, 'log.jsonl'))).toBe(false);
    expect(leadsOutside(root, join(linkedInside, 'missing.json'))).toBe(false);
  });
});

describe('inspectInside', () => {
  it('fails such a run with the reason, reading none of its files', () => {
    for (const dir of [linkedResults, linkedRetrain, linkedInRetrain, dotted]) {
      const inspected = inspectInside(root, dir);
      expect(inspected, dir).toMatchObject({ dir, status: 'failed', reason: expect.stringMatching(/outside the dashboard's directory$/) });
      expect(inspected.run).toBeUndefined();
      const row = runSummary(root, 'x', inspected);
      expect(row.kind).toBe('unreadable');
      expect(JSON.stringify(row)).not.toMatch(/7f3a9|0\.1234567/);
    }
  });

  it('reads a run whose symlinks stay inside root as before', () => {
    expect(inspectInside(root, linkedInside).reason).toMatch(/config\.json/); // its (test) config.json is no real one
  });
});

describe('what the dashboard takes from a run besides its contents', () => {
  it('a change to a file outside root is no change of the run, nor its time', () => {
    utimesSync(join(linkedResults, 'config.json'), new Date('2001-01-01'), new Date('2001-01-01'));
    utimesSync(join(outside, 'results.json'), new Date('2030-01-01'), new Date('2030-01-01'));
    const before = runFingerprint(root, linkedResults);
    writeFileSync(join(outside, 'results.json'), `${secret}\n\n`);
    expect(runFingerprint(root, linkedResults)).toBe(before);
    expect(runSummary(root, 'linked-results', inspectInside(root, linkedResults)).updated).toBe('2001-01-01T00:00:00.000Z');
    writeFileSync(join(linkedResults, 'config.json'), '{"command": "train" }');
    expect(runFingerprint(root, linkedResults)).not.toBe(before);
  });

  it('lists no files of a symlinked deploy folder', () => {
    expect(runArtifacts(linkedDeploy).map((a) => a.path)).toEqual(['config.json']);
  });
});
