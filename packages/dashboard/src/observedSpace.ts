import type { SearchSpace } from '@reparam/core';
import { runGenome, type SearchRun } from '@reparam/runs';

/**
 * The search space as the run's own files show it: every slot a genome names, with the optional ops
 * the strategy's probability table (directional-es) lists for it, or else the ops some evaluated
 * genome uses there. It needs no registry, plugin or dataset (the dashboard only reads); an op no
 * genome ever tried in a slot is missing from that slot's row.
 */
export function observedSpace(run: SearchRun): SearchSpace {
  const options = new Map<string, Set<string>>();
  const add = (slot: string, ops: readonly string[]) => {
    const set = options.get(slot) ?? new Set<string>();
    for (const op of ops) set.add(op);
    options.set(slot, set);
  };
  const table = (run.state?.progress.strategy as { probabilities?: unknown } | undefined)?.probabilities;
  if (typeof table === 'object' && table !== null) {
    for (const [slot, row] of Object.entries(table)) if (typeof row === 'object' && row !== null) add(slot, Object.keys(row));
  }
  const genomes = [...(run.state?.progress.records ?? []).map((r) => r.genome), runGenome(run) ?? {}];
  for (const genome of genomes) for (const [slot, ops] of Object.entries(genome)) add(slot, ops);
  return { slots: [...options].map(([name, ops]) => ({ name, options: [...ops] })) };
}
