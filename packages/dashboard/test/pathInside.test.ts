import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRuns, pathInside } from '../src/index.js';

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'reparam-path-inside-')));
const root = join(tmp, 'runs');
mkdirSync(join(root, 'a', 'b'), { recursive: true });
mkdirSync(join(tmp, 'out'));
writeFileSync(join(root, 'a', 'config.json'), '{}');
writeFileSync(join(root, 'a', 'b', 'config.json'), '{}');
writeFileSync(join(tmp, 'out', 'config.json'), '{}');
mkdirSync(join(root, 'group', 'c'), { recursive: true });
writeFileSync(join(root, 'group', 'c', 'config.json'), '{}');
symlinkSync(join(tmp, 'out'), join(root, 'linked'));
symlinkSync(join(root, 'a'), join(root, 'alias'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pathInside', () => {
  it('resolves paths inside the root, symlinks that stay inside included', () => {
    expect(pathInside(root, 'a/config.json')).toBe(join(root, 'a', 'config.json'));
    expect(pathInside(root, '.')).toBe(root);
    expect(pathInside(root, 'alias/config.json')).toBe(join(root, 'a', 'config.json'));
    expect(pathInside(root, 'a/../a/config.json')).toBe(join(root, 'a', 'config.json'));
  });

  it('refuses .., absolute paths, symlinks out, NUL and what does not exist', () => {
    for (const rel of ['..', '../out/config.json', 'a/../../out', join(tmp, 'out', 'config.json'), 'linked/config.json', 'linked', 'a/\0', 'a/missing.json']) {
      expect(pathInside(root, rel), rel).toBeUndefined();
    }
  });
});

describe('findRuns', () => {
  it('finds run folders at any depth, not inside a run, not through symlinks', () => {
    expect(findRuns(root)).toEqual(['a', 'group/c']);
  });
});
