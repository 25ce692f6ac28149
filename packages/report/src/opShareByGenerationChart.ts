import { ReparamError, type SearchSpace } from '@reparam/core';
import { type HeatmapCell, heatmapSpec, type TopLevelSpec } from '@reparam/viz';
import type { SearchRun } from '@reparam/runs';
import { opOrder } from './opOrder.js';

/**
 * Op × generation heatmap of what the search tried: for each generation, the share of its genomes'
 * slots (among the slots the op applies to) that train with the op. It shows, for any strategy,
 * where the search moved from its start — e.g. `identity` rising from ½ towards 1 means the search
 * learned to put identity wherever the shapes allow.
 */
export function opShareByGenerationSpec(run: SearchRun, space: SearchSpace): TopLevelSpec {
  if (!run.state) throw new ReparamError(`the search in ${run.dir} has no search-state.json yet`);
  const { records } = run.state.progress;
  if (records.length === 0) throw new ReparamError(`the search in ${run.dir} has evaluated no genome yet`);
  const ops = opOrder(space);
  const generations = [...new Set(records.map((r) => r.generation))].sort((a, b) => a - b);
  const cells: HeatmapCell[] = [];
  for (const generation of generations) {
    const genomes = records.filter((r) => r.generation === generation).map((r) => r.genome);
    for (const op of ops) {
      const slots = space.slots.filter((s) => s.options.includes(op));
      const uses = genomes.reduce((n, g) => n + slots.filter((s) => (g[s.name] ?? []).includes(op)).length, 0);
      cells.push({ row: op, column: String(generation), value: uses / (slots.length * genomes.length) });
    }
  }
  return heatmapSpec({
    title: `Ops tried per generation (${run.config.strategy})`,
    subtitle: `share of each generation's genome slots that train with the op, over the slots it applies to; ${records.length} evaluations`,
    rowTitle: 'optional op',
    columnTitle: 'generation',
    valueTitle: 'share',
    cells,
    rows: ops,
    columns: generations.map(String),
    domain: [0, 1],
    cellSize: generations.length > 24 ? 20 : undefined,
    valueFormat: generations.length > 24 ? null : undefined,
  });
}
