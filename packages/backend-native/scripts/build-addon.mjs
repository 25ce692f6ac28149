// Builds the oneDNN addon at install. A machine without oneDNN or a compiler still installs:
// one warning line, exit 0, and reparam runs on another backend.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

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
}
