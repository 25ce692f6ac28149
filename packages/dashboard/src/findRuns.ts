import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DASHBOARD_DEFAULTS } from './dashboardDefaults.js';

/** A regular file, not a symlink (a config.json linked from elsewhere does not make a run here). */
function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The run directories under `root`, as ids (their path relative to `root` with `/`; `.` when `root`
 * is itself a run): every folder with a config.json, not looking inside a run (a search's retrain-*
 * folders belong to it), nor into symlinked or hidden folders, nor deeper than `depth`.
 */
export function findRuns(root: string, depth: number = DASHBOARD_DEFAULTS.scanDepth): string[] {
  const ids: string[] = [];
  const walk = (dir: string, level: number) => {
    if (isPlainFile(join(dir, 'config.json'))) {
      ids.push(relative(root, dir).split(sep).join('/') || '.');
      return;
    }
    if (level >= depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a folder this user may not read holds no run we can show
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !e.isSymbolicLink() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(join(dir, e.name), level + 1);
    }
  };
  walk(root, 0);
  return ids;
}
