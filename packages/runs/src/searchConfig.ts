import { z } from 'zod';
import { DATA_OPTIONS_SHAPE, TRAIN_CONFIG_SCHEMA } from './trainConfig.js';

/** config.json of a search run: everything it is defined by; `--resume` reuses it. */
export const SEARCH_RUN_CONFIG_SCHEMA = z.object({
  command: z.literal('search'),
  backbone: z.string(),
  dataset: z.string(),
  width: z.number().positive(),
  limit: z.number().int().positive().optional(),
  validationFraction: z.number().min(0).lt(1),
  ...DATA_OPTIONS_SHAPE,
  /** Id of the slot aggregation mode. */
  aggregation: z.string(),
  strategy: z.string(),
  evaluator: z.string(),
  /** Evaluations in all. */
  budget: z.number().int().positive(),
  /** Genomes per generation. */
  population: z.number().int().positive(),
  /**
   * How many of the best genomes are scored once more with another seed before the pick (the best
   * mean of two scores); 0 for runs made before rechecks existed.
   */
  recheck: z.number().int().nonnegative().default(0),
  seed: z.number().int().nonnegative(),
  /** Limits a genome must respect to be evaluated. */
  constraint: z.object({
    /** At most this many optional ops in any slot. */
    maxOpsPerSlot: z.number().int().nonnegative().optional(),
    /** Training-form forward cost per image, in millions of FLOPs. */
    flopsBudget: z.number().nonnegative().optional(),
  }),
  /** Extra options handed to the evaluator (calibrationImages, validationImages, sampling, …). */
  evaluatorOptions: z.record(z.string(), z.unknown()),
  /** Training inside the search: the supernet's, or each standalone candidate's. */
  evaluation: TRAIN_CONFIG_SCHEMA,
  /** Training of the best genome and the baselines from scratch, identical for all. */
  retrain: TRAIN_CONFIG_SCHEMA,
  /**
   * Presets retrained beside the best genome (the first is results.json's baseline). Each names one
   * folder, `retrain-<preset>`, so a path separator (an edited config leading readers out of the run)
   * is refused.
   */
  baselines: z
    .array(z.string().regex(/^[^/\\]+$/, 'a baseline preset names one folder (retrain-<preset>): no / or \\ in it'))
    .min(1)
    .readonly(),
  backend: z.string(),
  plugins: z.array(z.string()).readonly(),
  /**
   * Where evaluations run when not in the search's own process: a Redis URL of a BullMQ work queue
   * and the id that names this search's jobs (so a resumed search re-attaches to them).
   */
  queue: z.object({ url: z.string(), runId: z.string() }).optional(),
  /** Each `--resume` that changed a setting (a larger budget, other retraining or baselines), and what it changed. */
  resumes: z.array(z.object({ time: z.string(), changes: z.record(z.string(), z.unknown()) })).optional(),
});

/** What config.json of a search run holds. */
export type SearchRunConfig = z.infer<typeof SEARCH_RUN_CONFIG_SCHEMA>;
/** The constraint part of a search config. */
export type SearchConstraintConfig = SearchRunConfig['constraint'];
