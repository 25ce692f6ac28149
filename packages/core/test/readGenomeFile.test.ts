import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isReparamError, readGenomeFile } from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-genome-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('readGenomeFile', () => {
  it('reads a bare genome, a best-genome.json with its backbone and width, and a results.json', () => {
    expect(readGenomeFile(file('bare.json', '{"stem": ["conv_1x1"]}'))).toEqual({ genome: { stem: ['conv_1x1'] } });
    expect(readGenomeFile(file('best.json', '{"backbone": "resnet8", "width": 0.25, "genome": {"stem": []}}'))).toEqual({ genome: { stem: [] }, backbone: 'resnet8', width: 0.25 });
    expect(readGenomeFile(file('results.json', '{"backbone": "plain56", "bestGenome": {"stem": []}, "testAccuracy": 0.7}'))).toEqual({ genome: { stem: [] }, backbone: 'plain56' });
  });

  it('refuses a backbone that is not an id or a width that is not positive, in one line', () => {
    for (const [text, message] of [
      ['{"backbone": 8, "genome": {}}', /backbone must be a backbone id, got 8/],
      ['{"width": 0, "genome": {}}', /width must be a positive number, got 0/],
      ['{"genome": {}', /is not valid JSON/],
    ] as const) {
      let thrown: unknown;
      try {
        readGenomeFile(file('bad.json', text));
      } catch (err) {
        thrown = err;
      }
      expect(isReparamError(thrown)).toBe(true);
      expect((thrown as Error).message).toMatch(message);
    }
  });
});
