import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '@reparam/core';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectRun } from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-run-status-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config = {
  command: 'train',
  epochs: 2,
  batchSize: 16,
  lr: 0.05,
  momentum: 0.9,
  nesterov: false,
  weightDecay: 0,
  warmupEpochs: 0,
  labelSmoothing: 0,
  augment: false,
  seed: 0,
  backbone: 'resnet8',
  dataset: 'mnist',
  genome: {},
  aggregation: 'scaled',
  width: 0.25,
  validationFraction: 0.1,
  backend: 'cpu',
  plugins: [],
};

/** A train run directory without results.json, with this lock file (if any). */
function trainRun(name: string, lock?: object): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  if (lock) writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lock));
  return dir;
}

const since = new Date().toISOString();
/** A train run's results.json, as short as its schema allows. */
const TRAIN_RESULTS = {
  ...{ testAccuracy: 0.9, valAccuracy: 0.9, epochs: 2, backend: 'cpu', seconds: 1, backbone: 'resnet8', dataset: 'mnist', preset: null, aggregation: 'scaled', seed: 0 },
  ...{ parameters: 10, fusedParameters: 8, flops: 100, fusedFlops: 80, trainSize: 90, validationSize: 10, testSize: 10, history: [] },
};

describe('inspectRun', () => {
  it('is running while a live process holds the lock (or one on another host, which cannot be checked)', () => {
    expect(inspectRun(trainRun('live', { pid: process.pid, host: hostname(), since })).status).toBe('running');
    expect(inspectRun(trainRun('remote', { pid: 1, host: `not-${hostname()}`, since })).status).toBe('running');
  });

  it('is running, not finished, while a live process writes a finished run (resumed for more)', () => {
    const dir = trainRun('resumed', { pid: process.pid, host: hostname(), since });
    // Any results.json that reads as one: a train run's, as the schema wants it.
    writeFileSync(join(dir, 'results.json'), JSON.stringify(TRAIN_RESULTS));
    expect(inspectRun(dir).status).toBe('running');
    rmSync(join(dir, LOCK_FILE));
    expect(inspectRun(dir).status).toBe('finished');
  });

  it('is failed, saying how to resume, when nobody writes an unfinished run: no lock, a dead owner, a half-written lock', () => {
    for (const [name, lock] of [['killed', undefined], ['dead', { pid: 2 ** 30, host: hostname(), since }], ['half', undefined]] as const) {
      const dir = trainRun(name, lock);
      if (name === 'half') writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
      const inspected = inspectRun(dir);
      expect(inspected.status, name).toBe('failed');
      expect(inspected.reason, name).toMatch(/no process is writing it.*reparam train --out .* --resume/);
      expect(inspected.run?.kind, name).toBe('train');
    }
  });

  it('is failed with the reading error, and no run, for a malformed or missing file', () => {
    const broken = trainRun('broken', { pid: process.pid, host: hostname(), since });
    writeFileSync(join(broken, 'results.json'), '{"testAccuracy": ');
    expect(inspectRun(broken)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/results\.json is not valid JSON/) });
    expect(inspectRun(broken).run).toBeUndefined();
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(inspectRun(empty)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no config\.json/) });
  });
});
