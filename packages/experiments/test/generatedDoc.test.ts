import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReparamError } from '@reparam/core';
import { afterAll, describe, expect, it } from 'vitest';
import { HAND_WRITTEN_MARKER, writeGeneratedDoc } from '../src/generatedDoc.js';
import { writeGeneratedJson } from '../src/generatedJson.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-generated-doc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a page with one generated section per setting', () => {
  it('adds a section per id, replaces only its own on a rerun, and keeps what was written by hand', () => {
    const page = join(tmp, 'page.md');
    writeGeneratedDoc(page, '## a\n\nfirst a', { id: 'a', title: 'Title' });
    expect(readFileSync(page, 'utf8')).toBe(
      `# Title\n\n<!-- generated section: a -->\n## a\n\nfirst a\n<!-- end of generated section: a -->\n\n${HAND_WRITTEN_MARKER}\n`,
    );
    writeFileSync(page, `${readFileSync(page, 'utf8')}\nreading by hand\n`);
    writeGeneratedDoc(page, '## b\n\nfirst b', { id: 'b', title: 'Title' });
    writeGeneratedDoc(page, '## a\n\nsecond a', { id: 'a', title: 'Title' });
    const text = readFileSync(page, 'utf8');
    expect(text).toBe(
      '# Title\n\n' +
        '<!-- generated section: a -->\n## a\n\nsecond a\n<!-- end of generated section: a -->\n\n' +
        '<!-- generated section: b -->\n## b\n\nfirst b\n<!-- end of generated section: b -->\n\n' +
        `${HAND_WRITTEN_MARKER}\n\nreading by hand\n`,
    );
  });

  it('keeps the JSON of other settings, replaces its own in place, and refuses a file of another shape in one line', () => {
    const json = join(tmp, 'page.json');
    writeGeneratedJson(json, 'a', { rows: [1] });
    writeGeneratedJson(json, 'b', { rows: [2] });
    writeGeneratedJson(json, 'a', { rows: [3] });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual({ experiments: [{ id: 'a', rows: [3] }, { id: 'b', rows: [2] }] });
    const old = join(tmp, 'old.json');
    writeFileSync(old, '{"rows": []}');
    let thrown: unknown;
    try {
      writeGeneratedJson(old, 'a', {});
    } catch (err) {
      thrown = err;
    }
    expect(isReparamError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/old\.json is not a benchmark's JSON page/);
    expect(readFileSync(old, 'utf8')).toBe('{"rows": []}');
  });
});
