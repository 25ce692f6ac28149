import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foreignBuildReason } from '../src/cpuTarget.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));

describe('install script', () => {
  it('warns in one line and exits 0 when the addon cannot build', () => {
    // A copy without node_modules and with a compiler that always fails: the build cannot succeed.
    const dir = mkdtempSync(join(tmpdir(), 'reparam-native-build-'));
    for (const f of ['binding.gyp', 'native', 'scripts']) cpSync(join(pkg, f), join(dir, f), { recursive: true });
    const r = spawnSync(process.execPath, [join(dir, 'scripts/build-addon.mjs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, CXX: 'false', CC: 'false' } });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^@reparam\/backend-native: the oneDNN addon did not build .*install libdnnl-dev and g\+\+/);
  });
});

describe('the installed addon', () => {
  it('was built with a record of its CPU target, which this machine satisfies', () => {
    const record = join(pkg, 'build/Release/cpu-target.json');
    expect(existsSync(record)).toBe(true);
    const target = JSON.parse(readFileSync(record, 'utf8')) as { isa: string[] };
    // Every x86-64 compiler target since 2009 has SSE4.2; an empty list would mean the probe failed.
    if (process.arch === 'x64') expect(target.isa).toContain('SSE4_2');
    expect(foreignBuildReason(record)).toBeUndefined();
  });
});
