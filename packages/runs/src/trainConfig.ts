import { z } from 'zod';

/** A genome as files hold it: slot name → optional op ids. */
export const GENOME_SCHEMA = z.record(z.string(), z.array(z.string()).readonly());

/**
 * How a streamed image dataset is read (`imagenet`, large `folder`s; others ignore them): skip
 * unreadable images (counted in results.json) instead of stopping, and the side of the network input.
 */
export const DATA_OPTIONS_SHAPE = {
  skipBadImages: z.boolean().optional(),
  imageSize: z.number().int().positive().optional(),
} as const;

/** The trainer's settings (core's TrainConfig). */
export const TRAIN_CONFIG_SCHEMA = z.object({
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  lr: z.number().nonnegative(),
  momentum: z.number().nonnegative(),
  nesterov: z.boolean(),
  weightDecay: z.number().nonnegative(),
  warmupEpochs: z.number().nonnegative(),
  labelSmoothing: z.number().nonnegative(),
  augment: z.boolean(),
  seed: z.number().int().nonnegative(),
});

/** config.json of a train run: everything it is defined by (the trainer's settings and what it trains). */
export const TRAIN_RUN_CONFIG_SCHEMA = z.object({
  // First, so that another kind of run is refused for its command, not for a missing field.
  command: z.literal('train'),
  ...TRAIN_CONFIG_SCHEMA.shape,
  backbone: z.string(),
  dataset: z.string(),
  preset: z.string().optional(),
  genomeFile: z.string().optional(),
  genome: GENOME_SCHEMA,
  /** Id of the slot aggregation mode. */
  aggregation: z.string(),
  width: z.number().positive(),
  limit: z.number().int().positive().optional(),
  validationFraction: z.number().min(0).lt(1),
  ...DATA_OPTIONS_SHAPE,
  backend: z.string(),
  plugins: z.array(z.string()).readonly(),
});

/** What config.json of a train run holds. */
export type TrainRunConfig = z.infer<typeof TRAIN_RUN_CONFIG_SCHEMA>;
