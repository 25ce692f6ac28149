// Builds the libjpeg-turbo addon at install. A machine without libjpeg's headers or a compiler still
// installs: one warning line, exit 0, and JPEGs are decoded by sharp (libvips) instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const r = spawnSync(process.execPath, [gyp, 'rebuild', '--silent', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status !== 0) {
  const why = (r.stderr || r.error?.message || '').split('\n').find((l) => /error/i.test(l)) ?? 'build failed';
  console.warn(`@reparam/data: the libjpeg-turbo addon did not build (${why.trim()}); install libjpeg62-turbo-dev and g++ for faster JPEG decoding (sharp decodes them meanwhile).`);
}
