import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILE, LOCK_FILE } from '@reparam/core';
import { BEST_GENOME_FILE, type InspectedRun, inspectRun, LOG_FILE, RETRAIN_BEST_DIR, SEARCH_STATE_FILE } from '@reparam/runs';
import { isWithin, leadsOutside } from './pathInside.js';

/**
 * The files of a run folder that reading it for the dashboard opens (openRun, runGenome, liveWriter,
 * the live log, trainingHistory), in the run and in each training folder of a search.
 */
const RUN_FILES = ['config.json', 'results.json', SEARCH_STATE_FILE, BEST_GENOME_FILE, LOG_FILE, CHECKPOINT_FILE, LOCK_FILE];

/**
 * The training folders openRun reads in a search: retrain-best/ and retrain-<preset>/ of each
 * baseline its config.json names (a name is not checked there, so `..` in it leads anywhere).
 */
function trainingFolders(dir: string): string[] {
  let baselines: unknown;
  try {
    baselines = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { baselines?: unknown }).baselines;
  } catch {
    baselines = undefined; // openRun says what is wrong with it
  }
  const presets = Array.isArray(baselines) ? baselines.filter((p): p is string => typeof p === 'string') : [];
  return [RETRAIN_BEST_DIR, ...presets.map((p) => `retrain-${p}`)];
}

/**
 * Why reading the run at `dir` (a folder under `root`) would open something outside `root`, or
 * undefined when it would not: the first of its files or training folders whose real path is outside
 * (a symlink out, or a `..` in a baseline's name), e.g. `results.json links outside the dashboard's
 * directory`. Nothing outside is read to find out; an absent file is no reason.
 */
export function outsideReason(root: string, dir: string): string | undefined {
  const why = (name: string): string | undefined => {
    const path = join(dir, name);
    if (!leadsOutside(root, path)) return undefined;
    return `${name} ${isWithin(root, path) ? 'links' : 'points'} outside the dashboard's directory`;
  };
  if (leadsOutside(root, dir)) return "the run folder links outside the dashboard's directory";
  const own = RUN_FILES.map(why).find(Boolean);
  if (own) return own;
  // Only now is config.json known to be inside root, and may be read for the baselines.
  for (const folder of trainingFolders(dir)) {
    const reason = why(folder) ?? RUN_FILES.map((f) => why(`${folder}/${f}`)).find(Boolean);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * {@link inspectRun} of the run at `dir` that reads nothing outside `root`: a run with a file that
 * leads out ({@link outsideReason}) is `failed` with that reason, and none of its files is read.
 * Everything the dashboard shows of a run comes through here.
 */
export function inspectInside(root: string, dir: string): InspectedRun {
  const reason = outsideReason(root, dir);
  return reason ? { dir, status: 'failed', reason } : inspectRun(dir);
}
