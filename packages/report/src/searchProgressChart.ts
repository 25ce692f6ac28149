import { ReparamError } from '@reparam/core';
import { type SeriesPoint, seriesChartSpec, type TopLevelSpec } from '@reparam/viz';
import type { SearchRun } from '@reparam/runs';

/**
 * Fitness per generation from search-state.json: every evaluation as a dot, the generation's mean
 * and best, and the best so far.
 */
export function searchProgressSpec(run: SearchRun): TopLevelSpec {
  if (!run.state) throw new ReparamError(`the search in ${run.dir} has no search-state.json yet`);
  const records = run.state.progress.records;
  if (records.length === 0) throw new ReparamError(`the search in ${run.dir} has evaluated no genome yet`);
  const byGeneration = new Map<number, number[]>();
  for (const r of records) byGeneration.set(r.generation, [...(byGeneration.get(r.generation) ?? []), r.fitness]);
  const lines: SeriesPoint[] = [];
  const bestSoFarLine: SeriesPoint[] = [];
  let bestSoFar = -Infinity;
  for (const [generation, fitnesses] of [...byGeneration].sort((a, b) => a[0] - b[0])) {
    const best = Math.max(...fitnesses);
    bestSoFar = Math.max(bestSoFar, best);
    lines.push({ x: generation, y: fitnesses.reduce((s, f) => s + f, 0) / fitnesses.length, series: 'generation mean' });
    lines.push({ x: generation, y: best, series: 'generation best' });
    bestSoFarLine.push({ x: generation, y: bestSoFar, series: 'best so far' });
  }
  lines.push(...bestSoFarLine);
  const dots = records.map((r) => ({ x: r.generation, y: r.fitness, series: 'evaluation' }));
  const c = run.config;
  const done = records.length < c.budget ? `${records.length} of ${c.budget} evaluations (unfinished)` : `${records.length} evaluations`;
  return seriesChartSpec({
    title: `Search progress: ${c.strategy} with the ${c.evaluator} evaluator`,
    subtitle: `${c.backbone} on ${c.dataset}; ${done} in ${byGeneration.size} generations of ${c.population}`,
    xTitle: 'generation',
    yTitle: 'fitness (validation accuracy)',
    lines,
    dots,
    series: ['best so far', 'generation best', 'generation mean', 'evaluation'],
    colors: ['#d62728', '#1f4e9c', '#6fa8dc', '#9e9e9e'],
    // Under the generation's best, which it equals whenever that generation improved on the past.
    wide: ['best so far'],
    integerX: true,
  });
}
