import type { RunDirectory } from '@reparam/core';

/** One line on stderr when opening a run took over the lock a killed process left behind. */
export function warnIfTakenOver(run: RunDirectory): void {
  const stale = run.takenOverLock?.previous;
  if (stale) process.stderr.write(`reparam: warning: ${run.path} was locked by pid ${stale.pid} since ${stale.since}, which is no longer running; taking it over\n`);
}
