import { z } from 'zod';
import { GENOME_SCHEMA } from './trainConfig.js';

const maybeNumber = z.number().nullable();

/** results.json of a search run: the best genome, its retrained accuracy, the baselines'. */
export const SEARCH_RESULTS_SCHEMA = z.object({
  bestGenome: GENOME_SCHEMA,
  /** The picked genome's fitness: the mean of its search score and its recheck when rechecked (validation accuracy). */
  bestValAccuracy: z.number(),
  /** The picked genome's scores: its search score, then its recheck's (absent in runs made before rechecks). */
  bestScores: z.array(z.number()).optional(),
  /** The best genome retrained from scratch: test accuracy. */
  testAccuracy: maybeNumber,
  /** The first baseline's test accuracy. */
  baselineTestAccuracy: maybeNumber,
  evaluations: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  backend: z.string(),
  strategy: z.string(),
  evaluator: z.string(),
  backbone: z.string(),
  dataset: z.string(),
  seed: z.number().int().nonnegative(),
  searchSeconds: z.number().nonnegative(),
  retrainedValAccuracy: maybeNumber,
  /** Parameters of the retrained best genome, training form and fused (null: nothing retrained, a synthetic evaluator). */
  parameters: z.number().int().nonnegative().nullable(),
  fusedParameters: z.number().int().nonnegative().nullable(),
  baselines: z.record(z.string(), z.object({ testAccuracy: maybeNumber, valAccuracy: maybeNumber, seconds: z.number().nonnegative() })),
  /** Images skipped as unreadable by the search and its retrainings (runs with `skipBadImages`), sorted. */
  skippedImages: z.array(z.string()).readonly().optional(),
});

/** What results.json of a search run holds. */
export type SearchResults = z.infer<typeof SEARCH_RESULTS_SCHEMA>;
