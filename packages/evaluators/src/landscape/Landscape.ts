import type { Genome, Rng, SearchSpace } from '@reparam/core';

/**
 * A fitness landscape over a search space whose answers are known: what one evaluation scores, the
 * noise-free fitness behind it, and the optimum, computed exactly. The `landscape` evaluator scores
 * searches with it, and `reparam bench strategies` measures strategies against its optimum.
 *
 * Fitness is in the units of the project's evaluators (validation accuracy, a fraction in [0, 1]).
 */
export interface Landscape {
  readonly space: SearchSpace;
  /** What it is, in a few words (`additive, seed 1, noise 4.5 points`). */
  readonly label: string;
  /** σ of one evaluation's noise around the true fitness (fitness units); undefined for a table, whose noise is its trainings' own. */
  readonly noise?: number;
  /** The noise-free fitness of `genome` (a table's: the mean of its scores). */
  trueFitness(genome: Genome): number;
  /**
   * One evaluation's score of `genome` by an evaluation seeded `seed`: the same genome and seed give
   * the same score (so a resumed search scores exactly as an uninterrupted one), another seed another.
   */
  score(genome: Genome, seed: number): number;
  /** The genome of the highest true fitness, and that fitness, computed exactly (never sampled). */
  readonly optimum: { readonly genome: Genome; readonly fitness: number };
  /**
   * A genome of the landscape's reference distribution, against which "top 1%" is measured: uniform
   * over the space for a generated landscape, one of a table's genomes (uniformly) for a table.
   */
  randomGenome(rng: Rng): Genome;
}
