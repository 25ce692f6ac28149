import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE, RETRAIN_BEST_DIR, SEARCH_STATE_FILE } from '@reparam/runs';
import { realPathInside } from './pathInside.js';

/** The files whose change means a run page must be drawn again. */
const WATCHED = ['config.json', LOG_FILE, SEARCH_STATE_FILE, 'results.json', '.lock'];

function stamp(root: string, path: string): string {
  // A file linked from outside root is as good as absent: its changes are none of the page's business.
  const real = realPathInside(root, path);
  if (!real) return '-';
  try {
    const s = statSync(real);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

/**
 * Sizes and times of a run's files (its own and those of its retrain-* folders): a different
 * fingerprint means something was written. Cheap enough to take twice a second. Only files inside
 * `root` count.
 */
export function runFingerprint(root: string, dir: string): string {
  let retrains: string[] = [];
  try {
    retrains = readdirSync(dir).filter((f) => f === RETRAIN_BEST_DIR || f.startsWith('retrain-'));
  } catch {
    // a run folder that went away: its fingerprint is all dashes
  }
  return [dir, ...retrains.map((r) => join(dir, r))].flatMap((d) => WATCHED.map((f) => stamp(root, join(d, f)))).join('|');
}
