// Builds the oneDNN addon at install. A machine without oneDNN or a compiler still installs:
// one warning line, exit 0, and reparam runs on another backend.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  gyp = join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
}
// Build against the running Node's own headers when they are installed (no download: no network).
const prefix = join(dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir || (existsSync(join(prefix, 'include/node/node_api.h')) ? prefix : undefined);
const gypArgs = [gyp, 'rebuild', '--silent', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const r = spawnSync(process.execPath, gypArgs, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status !== 0) {
  const why = (r.stderr || r.error?.message || '').split('\n').find((l) => /error/i.test(l)) ?? 'build failed';
  console.warn(`@reparam/backend-native: the oneDNN addon did not build (${why.trim()}); install libdnnl-dev and g++ for the fast 'native' backend.`);
} else {
  // Record what -march=native meant here, so that a build copied to another machine (a shared
  // node_modules, a container image) is refused there with a message rather than dying on an
  // illegal instruction: see src/cpuTarget.ts.
  const macros = spawnSync('g++', ['-march=native', '-dM', '-E', '-x', 'c++', '-'], { input: '', encoding: 'utf8' }).stdout ?? '';
  const isa = [...macros.matchAll(/^#define __((?:SSE4_2|AVX[A-Z0-9_]*|FMA|BMI2?|F16C|SHA|VAES|VPCLMULQDQ|GFNI|AMX[A-Z0-9_]*))__ 1$/gm)].map((m) => m[1]).sort();
  writeFileSync(join(root, 'build/Release/cpu-target.json'), `${JSON.stringify({ cpu: cpus()[0]?.model ?? 'unknown', isa }, null, 2)}\n`);
}
