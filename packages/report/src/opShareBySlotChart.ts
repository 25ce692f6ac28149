import { ReparamError, type SearchSpace } from '@reparam/core';
import { type HeatmapCell, heatmapSpec, type TopLevelSpec } from '@reparam/viz';
import type { SearchRun } from '@reparam/runs';
import { opOrder } from './opOrder.js';

/** The name of the slider parameter of {@link opShareBySlotSpec} (the generation shown). */
export const GENERATION_PARAM = 'generation';

/**
 * Slot × op heatmap of one generation, picked with a slider: the share of the generation's genomes
 * in which the slot trains with the op — the op probabilities the strategy sampled from in that
 * generation. Without a browser (a PNG) it shows the last generation. Cells of ops that do not
 * apply to a slot stay blank.
 */
export function opShareBySlotSpec(run: SearchRun, space: SearchSpace): TopLevelSpec {
  if (!run.state) throw new ReparamError(`the search in ${run.dir} has no search-state.json yet`);
  const { records } = run.state.progress;
  if (records.length === 0) throw new ReparamError(`the search in ${run.dir} has evaluated no genome yet`);
  const generations = [...new Set(records.map((r) => r.generation))].sort((a, b) => a - b);
  const cells: (HeatmapCell & { readonly generation: number })[] = [];
  for (const generation of generations) {
    const genomes = records.filter((r) => r.generation === generation).map((r) => r.genome);
    for (const slot of space.slots) {
      for (const op of slot.options) {
        const n = genomes.filter((g) => (g[slot.name] ?? []).includes(op)).length;
        cells.push({ row: slot.name, column: op, value: n / genomes.length, generation });
      }
    }
  }
  const first = generations[0];
  const last = generations[generations.length - 1];
  const spec = heatmapSpec({
    title: `Op probabilities per generation (${run.config.strategy})`,
    subtitle: `share of the generation's genomes in which the slot trains with the op; generations ${first} to ${last}, ${records.length} evaluations`,
    rowTitle: 'slot',
    columnTitle: 'optional op (blank: does not apply to the slot)',
    valueTitle: 'share',
    cells,
    rows: space.slots.map((s) => s.name),
    columns: opOrder(space),
    domain: [0, 1],
  });
  return {
    ...spec,
    params: [{ name: GENERATION_PARAM, value: last, bind: { input: 'range', min: first, max: last, step: 1, name: 'generation ' } }],
    transform: [{ filter: `datum.generation == ${GENERATION_PARAM}` }],
  } as TopLevelSpec;
}
