import { isReparamError } from '@reparam/core';
import { isFinished, liveWriter, openRun, type Run } from './openRun.js';

/**
 * Where a run directory stands. `running`: a live process holds its lock (or the lock of its
 * retrain-* folder) — also a finished run resumed for more, whose old results.json is still there;
 * `finished`: otherwise, {@link isFinished} (its results.json is written); `failed`: neither
 * (killed, crashed) or unreadable.
 */
export type RunStatus = 'running' | 'finished' | 'failed';

/** A run directory as far as it can be read: the run, its status, and why it failed. */
export interface InspectedRun {
  readonly dir: string;
  /** Absent when the directory cannot be read as a run (then `reason` says why). */
  readonly run?: Run;
  readonly status: RunStatus;
  /** Why the run is `failed`: the reading error of a malformed run, or that no process is writing it. */
  readonly reason?: string;
}

/** The status of a readable run: the one notion of running, finished and failed. */
export function runStatus(run: Run): { readonly status: RunStatus; readonly reason?: string } {
  if (liveWriter(run)) return { status: 'running' };
  if (isFinished(run)) return { status: 'finished' };
  const resume = `reparam ${run.kind} --out ${run.dir} --resume`;
  return { status: 'failed', reason: `stopped before its results.json was written and no process is writing it (killed or crashed?): resume it with ${resume}` };
}

/**
 * Opens a run directory without throwing: a run that cannot be read (broken JSON, a field that does
 * not match its schema, no config.json) is `failed` with the one-line reason {@link openRun} gives
 * (or the file system's, for a folder this user may not read).
 */
export function inspectRun(dir: string): InspectedRun {
  let run: Run;
  try {
    run = openRun(dir);
  } catch (err) {
    // A file system error (a folder not readable by this user) is a reason too, not a crash.
    const reason = isReparamError(err) ? err.message : `${dir} cannot be read (${(err as Error).message})`;
    return { dir, status: 'failed', reason };
  }
  return { dir: run.dir, run, ...runStatus(run) };
}
