import { Rng, recheckTop, runSearch, type SearchStrategyFactory } from '@reparam/core';
import { type Landscape, LandscapeEvaluator } from '@reparam/evaluators';
import { quantile } from './quantile.js';

/** How one search on a landscape went, measured against the landscape's true fitness. */
export interface LandscapeSearchOutcome {
  /**
   * Regret (optimum − true fitness, in fitness units) of the genome with the best observed score after
   * each evaluation: `regret[n − 1]` after n evaluations.
   */
  readonly regret: readonly number[];
  /** The first n at which that genome's true fitness reaches the top-1% threshold; undefined if never. */
  readonly evalsToTop1Pct: number | undefined;
  /** Regret of the search's pick after `budgets[i]` evaluations, its best genomes rechecked as `reparam search` does. */
  readonly pickRegret: readonly number[];
}

/**
 * True fitness a genome must reach to be in the landscape's top 1%: the 99th percentile of the true
 * fitness of `samples` genomes drawn from the landscape's reference distribution (uniform over the
 * space; a table's genomes) with `seed`.
 */
export function top1PercentThreshold(landscape: Landscape, samples = 10_000, seed = 0): number {
  const rng = new Rng(seed);
  const xs = Array.from({ length: samples }, () => landscape.trueFitness(landscape.randomGenome(rng)));
  return quantile(xs, 0.99);
}

/**
 * Runs `strategy` on `landscape` exactly as `reparam search` runs it — `runSearch` with generations of
 * `population`, the landscape evaluator seeded `seed`, then `recheckTop` of the best `recheck` genomes
 * with an evaluator seeded `seed + 1` — for the largest of `budgets`, and reads each smaller budget off
 * the first evaluations of that one search (the same as a search with that budget when it is a
 * multiple of `population`; otherwise only its last generation would be asked for fewer genomes).
 */
export async function searchLandscape(
  landscape: Landscape,
  strategy: SearchStrategyFactory,
  o: { readonly seed: number; readonly population: number; readonly budgets: readonly number[]; readonly recheck: number; readonly threshold: number },
): Promise<LandscapeSearchOutcome> {
  const budget = Math.max(...o.budgets);
  const progress = await runSearch({
    strategy: strategy.create(landscape.space, { seed: o.seed, population: o.population }),
    evaluator: new LandscapeEvaluator(landscape, o.seed),
    budget,
    generationSize: o.population,
    save: () => {},
  });
  const records = progress.records;
  const optimum = landscape.optimum.fitness;
  const regret: number[] = [];
  let best = -1;
  let truth = Number.NaN;
  let evalsToTop1Pct: number | undefined;
  for (const [n, r] of records.entries()) {
    // The best observed score, the earliest among equals: the genome the search would return.
    if (best < 0 || r.fitness > records[best].fitness) {
      best = n;
      truth = landscape.trueFitness(r.genome);
    }
    regret.push(optimum - truth);
    if (evalsToTop1Pct === undefined && truth >= o.threshold) evalsToTop1Pct = n + 1;
  }
  // A strategy that ran out of genomes (a small space) keeps its last pick.
  while (regret.length < budget) regret.push(regret.at(-1) ?? optimum);
  const pickRegret: number[] = [];
  for (const b of o.budgets) {
    const pick = await recheckTop(records.slice(0, b), landscape.space, { count: o.recheck, evaluator: () => new LandscapeEvaluator(landscape, o.seed + 1) });
    pickRegret.push(pick ? optimum - landscape.trueFitness(pick.genome) : Number.NaN);
  }
  return { regret, evalsToTop1Pct, pickRegret };
}
