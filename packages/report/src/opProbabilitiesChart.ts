import { ReparamError, type SearchSpace } from '@reparam/core';
import { type HeatmapCell, heatmapSpec, type TopLevelSpec } from '@reparam/viz';
import type { SearchRun } from '@reparam/runs';
import { opOrder } from './opOrder.js';

type ProbabilityTable = Record<string, Record<string, number>>;

/** directional-es keeps p[slot][op] in its state; other strategies have no such table. */
function probabilitiesOf(strategyState: unknown): ProbabilityTable | undefined {
  const p = (strategyState as { probabilities?: unknown } | null)?.probabilities;
  if (typeof p !== 'object' || p === null) return undefined;
  const ok = Object.values(p).every(
    (row) => typeof row === 'object' && row !== null && Object.values(row).every((v) => typeof v === 'number'),
  );
  return ok ? (p as ProbabilityTable) : undefined;
}


/**
 * Slot × op heatmap of the search's final state: directional-es's probabilities when the strategy
 * state has them, otherwise how often each op occurs among the best quarter of the evaluated
 * genomes. Cells of ops that do not apply to a slot stay blank.
 */
export function opProbabilitiesSpec(run: SearchRun, space: SearchSpace): TopLevelSpec {
  if (!run.state) throw new ReparamError(`the search in ${run.dir} has no search-state.json yet`);
  const { records, strategy, generation } = run.state.progress;
  const probabilities = probabilitiesOf(strategy);
  const cells: HeatmapCell[] = [];
  let title: string;
  let subtitle: string;
  let valueTitle: string;
  if (probabilities) {
    for (const slot of space.slots) {
      for (const op of slot.options) {
        const p = probabilities[slot.name]?.[op];
        if (p !== undefined) cells.push({ row: slot.name, column: op, value: p });
      }
    }
    title = `Op probabilities of ${run.config.strategy} (final state)`;
    subtitle = `p(slot trains with op) after ${generation} generations, ${records.length} evaluations`;
    valueTitle = 'probability';
  } else {
    if (records.length === 0) throw new ReparamError(`the search in ${run.dir} has evaluated no genome yet`);
    // Best first, the earlier among equals (as bestRecord picks).
    const ranked = [...records].sort((a, b) => b.fitness - a.fitness || a.index - b.index);
    const top = ranked.slice(0, Math.max(1, Math.ceil(records.length / 4)));
    for (const slot of space.slots) {
      for (const op of slot.options) {
        const n = top.filter((r) => (r.genome[slot.name] ?? []).includes(op)).length;
        cells.push({ row: slot.name, column: op, value: n / top.length });
      }
    }
    title = 'Op frequency among the top quarter of evaluated genomes';
    subtitle = `${run.config.strategy} has no op probabilities: share of the best ${top.length} of ${records.length} genomes using each op`;
    valueTitle = 'frequency';
  }
  return heatmapSpec({
    title,
    subtitle,
    rowTitle: 'slot',
    columnTitle: 'optional op (blank: does not apply to the slot)',
    valueTitle,
    cells,
    rows: space.slots.map((s) => s.name),
    columns: opOrder(space),
    domain: [0, 1],
  });
}
