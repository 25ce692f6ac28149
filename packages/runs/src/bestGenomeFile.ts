import { z } from '@reparam/core';
import { GENOME_SCHEMA } from './trainConfig.js';

/** The name of the file a search writes its best genome to. */
export const BEST_GENOME_FILE = 'best-genome.json';

/**
 * `best-genome.json`: the genome with the backbone and width it was found on, so that
 * `reparam train --genome` trains that network (and refuses another). Files written before it said
 * so hold the bare genome; both are read.
 */
export const BEST_GENOME_FILE_SCHEMA = z.union([
  z.object({ backbone: z.string(), width: z.number().positive(), genome: GENOME_SCHEMA }),
  GENOME_SCHEMA.transform((genome) => ({ genome })),
]);

/** What {@link BEST_GENOME_FILE} holds. */
export type BestGenomeFile = z.infer<typeof BEST_GENOME_FILE_SCHEMA>;
