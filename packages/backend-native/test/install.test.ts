import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
