import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The browser build beside a package's main module (vega's packages export no other subpath). */
function browserBuild(pkg: string, file: string): string {
  const path = join(dirname(require.resolve(pkg)), file);
  if (!existsSync(path)) throw new Error(`${pkg} has no ${file} next to its main module (${path}): reinstall the dashboard's dependencies`);
  return path;
}

/**
 * The browser scripts the pages load, served from node_modules (no CDN: the dashboard works
 * offline), by the name the pages ask for.
 */
export function vendorScripts(): ReadonlyMap<string, string> {
  return new Map([
    ['vega.js', browserBuild('vega', 'vega.min.js')],
    ['vega-lite.js', browserBuild('vega-lite', 'vega-lite.min.js')],
    ['vega-embed.js', browserBuild('vega-embed', 'vega-embed.min.js')],
  ]);
}

/** The folder of the dashboard's own page, script and style (beside src/ and dist/). */
export const ASSETS_DIR = fileURLToPath(new URL('../assets/', import.meta.url));
