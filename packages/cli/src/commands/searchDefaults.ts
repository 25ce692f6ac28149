/**
 * Defaults of `reparam search` that the project's experiments use too, so that a benchmark measures
 * what a user's search runs with (one definition of each).
 *
 * The evaluator is `standalone`: it trains each candidate as the retraining will (same epochs, another
 * seed), and ranked genomes where the weight-sharing supernet did not — at chance on a deep plain net
 * (plain56, where Rep ops change accuracy by 20 points), backwards on ResNet-20 (docs/proxy.md).
 */
export const DEFAULT_EVALUATOR = 'standalone';

/**
 * Evaluations per search: two generations of {@link DEFAULT_POPULATION}. With standalone evaluation
 * each one is a training, and directional-es's coupled draws learn what each op does across the
 * network in the first generation (docs/search.md).
 */
export const DEFAULT_BUDGET = 16;

/** Genomes per generation. */
export const DEFAULT_POPULATION = 8;

/**
 * Best genomes scored once more, with another seed, before the pick. On plain56 one training's score
 * of an ordinary genome spreads by about 4.5 points from seed to seed, so the best of 16 single scores
 * is often a lucky run; a genome that is good every time keeps its score on the second run.
 */
export const DEFAULT_RECHECK = 3;
