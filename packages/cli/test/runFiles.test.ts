import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRAIN_DEFAULTS } from '@reparam/core';
import { afterAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from './runCli.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-run-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config = {
  command: 'train',
  ...TRAIN_DEFAULTS,
  epochs: 1,
  batchSize: 16,
  lr: 0.1,
  seed: 0,
  backbone: 'bench-net',
  dataset: 'mnist',
  genome: {},
  aggregation: 'scaled',
  width: 0.25,
  validationFraction: 0.1,
  backend: 'native',
  plugins: [],
};

describe('run files are read through their schemas', () => {
  it('a results.json with a wrong field is refused with one line naming the file and the field, and left as it is', async () => {
    const dir = join(tmp, 'run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const results = JSON.stringify({ testAccuracy: 'high', history: [] });
    writeFileSync(join(dir, 'results.json'), results);
    const r = await runCli(['visualize', dir]);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/results\.json: field 'testAccuracy' expected number, received string/);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(results);
  });

  it('resuming from a config.json with a wrong field is refused, naming it', async () => {
    const dir = join(tmp, 'resume');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, epochs: 'two' }));
    writeFileSync(join(dir, 'checkpoint.json'), '{}');
    const r = await runCli(['train', '--out', dir, '--resume']);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/cannot resume: .*config\.json: field 'epochs' expected number, received string/);
  });
});
