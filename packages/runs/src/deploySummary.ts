import { z } from 'zod';
import { GENOME_SCHEMA } from './trainConfig.js';

/** The file `reparam fuse` writes beside the deployed models. */
export const DEPLOY_SUMMARY_FILE = 'deploy.json';

/** deploy.json: what was fused from which run, how the fused models were checked, and what they expect as input. */
export const DEPLOY_SUMMARY_SCHEMA = z.object({
  /** The run directory the user named, and the train run whose weights were fused. */
  run: z.string(),
  trainRun: z.string(),
  backbone: z.string(),
  dataset: z.string(),
  aggregation: z.string(),
  genome: GENOME_SCHEMA,
  backend: z.string(),
  inputShape: z.array(z.number().int().positive()).readonly(),
  classes: z.number().int().positive(),
  /** What a caller feeds the models: layout, shape and (for datasets that normalise) the formula. */
  input: z.object({
    layout: z.literal('NHWC'),
    shape: z.array(z.union([z.literal('N'), z.number().int().positive()])).readonly(),
    normalisation: z.object({ formula: z.string(), mean: z.array(z.number()).readonly(), std: z.array(z.number()).readonly() }).optional(),
    classNames: z.array(z.string()).readonly().optional(),
  }),
  /** The fused outputs against the multi-branch ones on real images. */
  check: z.object({
    split: z.enum(['validation', 'test']),
    images: z.number().int().positive(),
    tolerance: z.number().nonnegative(),
    maxAbsOutput: z.number().nonnegative(),
    maxAbsError: z.number().nonnegative(),
    maxAbsErrorBy: z.object({ graph: z.number(), tfjs: z.number(), onnx: z.number() }),
  }),
  parameters: z.object({ multiBranch: z.number().int().nonnegative(), deployed: z.number().int().nonnegative() }),
  flops: z.object({ multiBranch: z.number().nonnegative(), deployed: z.number().nonnegative() }),
  /** Paths relative to the deploy folder. */
  files: z.object({ tfjs: z.string(), onnx: z.string() }),
  onnxOpset: z.number().int().positive(),
  createdAt: z.string(),
});

/** What deploy.json holds. */
export type DeploySummary = z.infer<typeof DEPLOY_SUMMARY_SCHEMA>;
