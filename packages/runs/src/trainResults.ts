import { z } from 'zod';

/** A number that may be NaN (the loss of an empty split): JSON writes NaN as null, read back as NaN. */
const numberOrNaN = z
  .number()
  .nullable()
  .transform((v) => v ?? Number.NaN);
/** A result that may be absent (no test accuracy after a diverged run): null. */
const maybeNumber = z.number().nullable();

/** One epoch of a training history (core's EpochRecord). */
export const EPOCH_RECORD_SCHEMA = z.object({
  epoch: z.number().int().positive(),
  trainLoss: numberOrNaN,
  trainAccuracy: numberOrNaN,
  valLoss: numberOrNaN,
  valAccuracy: numberOrNaN,
  lr: z.number(),
  seconds: z.number(),
  imgPerSec: z.number(),
  dataSeconds: z.number().nonnegative().optional(),
});

/** results.json of a train run. */
export const TRAIN_RESULTS_SCHEMA = z.object({
  testAccuracy: maybeNumber,
  valAccuracy: maybeNumber,
  epochs: z.number().int().nonnegative(),
  backend: z.string(),
  seconds: z.number().nonnegative(),
  backbone: z.string(),
  dataset: z.string(),
  preset: z.string().nullable(),
  aggregation: z.string(),
  seed: z.number().int().nonnegative(),
  parameters: z.number().int().nonnegative(),
  fusedParameters: z.number().int().nonnegative(),
  flops: z.number().nonnegative(),
  fusedFlops: z.number().nonnegative(),
  trainSize: z.number().int().nonnegative(),
  validationSize: z.number().int().nonnegative(),
  testSize: z.number().int().nonnegative(),
  /** Threads that decoded a streamed dataset's images (absent for in-memory datasets). */
  dataWorkers: z.number().int().positive().optional(),
  /** Images skipped as unreadable (runs with `skipBadImages`); their number is the count. */
  skippedImages: z.array(z.string()).readonly().optional(),
  diverged: z.object({ epoch: z.number(), step: z.number(), loss: numberOrNaN }).optional(),
  history: z.array(EPOCH_RECORD_SCHEMA).readonly(),
});

/** What results.json of a train run holds (as read back: NaN where JSON has null). */
export type TrainResults = z.output<typeof TRAIN_RESULTS_SCHEMA>;
