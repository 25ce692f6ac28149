import { z } from 'zod';
import { GENOME_SCHEMA } from './trainConfig.js';

/** The file in a search run that holds its progress. */
export const SEARCH_STATE_FILE = 'search-state.json';

/** search-state.json: the strategy's state and every evaluation, rewritten after each. */
export const SEARCH_STATE_SCHEMA = z.object({
  format: z.literal('reparam-search-state'),
  version: z.literal(1),
  /** Wall time spent before this save, so a resumed run reports the whole search's time. */
  seconds: z.number().nonnegative(),
  progress: z.object({
    strategy: z.unknown(),
    generation: z.number().int().nonnegative(),
    pending: z.array(GENOME_SCHEMA),
    records: z.array(
      z.object({
        index: z.number().int().nonnegative(),
        generation: z.number().int().positive(),
        genome: GENOME_SCHEMA,
        fitness: z.number(),
        seconds: z.number().nonnegative(),
      }),
    ),
  }),
  /** Second scores of the best genomes (another seed), made after the budget was spent. */
  rechecks: z.array(z.object({ genome: GENOME_SCHEMA, fitness: z.number() })).optional(),
});
