import { ReparamError } from '@reparam/core';
import { type SeriesPoint, seriesChartSpec, type TopLevelSpec } from '@reparam/viz';
import type { SearchRun } from '@reparam/runs';

/**
 * Fitness of every evaluation in the order the search made them (from search-state.json), with the
 * best fitness so far as a line: how quickly the search found its best genome.
 */
export function searchEvaluationsSpec(run: SearchRun): TopLevelSpec {
  if (!run.state) throw new ReparamError(`the search in ${run.dir} has no search-state.json yet`);
  const records = [...run.state.progress.records].sort((a, b) => a.index - b.index);
  if (records.length === 0) throw new ReparamError(`the search in ${run.dir} has evaluated no genome yet`);
  const dots: SeriesPoint[] = records.map((r) => ({ x: r.index + 1, y: r.fitness, series: 'evaluation' }));
  const lines: SeriesPoint[] = [];
  let best = -Infinity;
  for (const r of records) {
    best = Math.max(best, r.fitness);
    lines.push({ x: r.index + 1, y: best, series: 'best so far' });
  }
  const c = run.config;
  return seriesChartSpec({
    title: `Fitness per evaluation: ${c.strategy} with the ${c.evaluator} evaluator`,
    subtitle: `${c.backbone} on ${c.dataset}; ${records.length} of ${c.budget} evaluations; best so far ${best.toFixed(4)}`,
    xTitle: 'evaluation',
    yTitle: 'fitness (validation accuracy)',
    lines,
    dots,
    series: ['best so far', 'evaluation'],
    colors: ['#d62728', '#1f4e9c'],
    integerX: true,
  });
}
