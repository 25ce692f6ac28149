import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReparamError } from '@reparam/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readOptionalRunFile, readRunFile, SEARCH_RUN_CONFIG_SCHEMA, TRAIN_RESULTS_SCHEMA, TRAIN_RUN_CONFIG_SCHEMA } from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-runs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const results = {
  testAccuracy: 0.9,
  valAccuracy: 0.91,
  epochs: 1,
  backend: 'cpu',
  seconds: 3,
  backbone: 'bench-net',
  dataset: 'mnist',
  preset: 'plain',
  aggregation: 'scaled',
  seed: 0,
  parameters: 10,
  fusedParameters: 9,
  flops: 100,
  fusedFlops: 90,
  trainSize: 8,
  validationSize: 0,
  testSize: 2,
  history: [{ epoch: 1, trainLoss: 1.5, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, lr: 0.1, seconds: 3, imgPerSec: 10 }],
};

describe('readRunFile', () => {
  it('reads a results.json, NaN (null in JSON) back as NaN', () => {
    const r = readRunFile(file('ok.json', results), TRAIN_RESULTS_SCHEMA);
    expect(r.testAccuracy).toBe(0.9);
    expect(Number.isNaN(r.history[0].valLoss)).toBe(true);
  });

  it('refuses a results.json with a wrong field, naming the file and the field', () => {
    const path = file('wrong.json', { ...results, testAccuracy: 'ninety' });
    expect(() => readRunFile(path, TRAIN_RESULTS_SCHEMA)).toThrow(ReparamError);
    expect(() => readRunFile(path, TRAIN_RESULTS_SCHEMA)).toThrow(`${path}: field 'testAccuracy' expected number, received string (written by another version of reparam, or edited?)`);
    const nested = file('nested.json', { ...results, history: [{ ...results.history[0], epoch: 0 }] });
    expect(() => readRunFile(nested, TRAIN_RESULTS_SCHEMA)).toThrow(/field 'history\.0\.epoch'/);
  });

  it('refuses a config that is not a train config, broken JSON and a missing file, each in one line', () => {
    expect(() => readRunFile(file('search.json', { command: 'search' }), TRAIN_RUN_CONFIG_SCHEMA)).toThrow(/field 'command'/);
    expect(() => readRunFile(file('broken.json', '{"a":'), TRAIN_RESULTS_SCHEMA)).toThrow(/is not valid JSON/);
    expect(() => readRunFile(join(tmp, 'none.json'), TRAIN_RESULTS_SCHEMA)).toThrow(/does not exist/);
    expect(readOptionalRunFile(join(tmp, 'none.json'), TRAIN_RESULTS_SCHEMA)).toBeUndefined();
  });

  it("refuses a search config whose baseline would lead out of the run (retrain-<preset> is read as a folder)", () => {
    const baselines = SEARCH_RUN_CONFIG_SCHEMA.shape.baselines;
    expect(baselines.safeParse(['plain', 'dbb', 'my-plugin.preset_2', '..']).success).toBe(true);
    for (const escape of ['../../../outside', 'a/b', 'a\\b']) {
      const parsed = baselines.safeParse(['plain', escape]);
      expect(parsed.success, escape).toBe(false);
      expect(parsed.error?.issues[0]?.message, escape).toMatch(/names one folder \(retrain-<preset>\): no \/ or \\ in it/);
    }
  });
});
