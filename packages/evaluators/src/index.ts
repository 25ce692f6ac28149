/**
 * @packageDocumentation
 * Genome evaluators for reparam searches (a plugin package): `standalone` trains every candidate
 * from scratch; `supernet` trains one weight-sharing network and scores candidates with it.
 */
import { type DependencyContainer, type EvaluatorFactory, registerEvaluator } from '@reparam/core';
import { StandaloneEvaluator } from './StandaloneEvaluator.js';
import { SupernetEvaluator } from './SupernetEvaluator.js';

export { CANDIDATE_SEED_OFFSET, StandaloneEvaluator } from './StandaloneEvaluator.js';
export { DEFAULT_CALIBRATION_IMAGES, SupernetEvaluator } from './SupernetEvaluator.js';
export type { SubnetSampling } from './sampleSubnet.js';
export { sampleSubnet, stepRng, subnetOfStep, SUBNET_SAMPLINGS } from './sampleSubnet.js';
export { limitSplit } from './limitSplit.js';
export { standaloneScore, type StandaloneTraining } from './standaloneScore.js';

/** The evaluators this package registers. */
export const EVALUATORS: readonly EvaluatorFactory[] = [
  {
    id: 'standalone',
    description: 'train each candidate from scratch for the evaluation epochs; fitness = its validation accuracy',
    distributable: true,
    create: (options) => new StandaloneEvaluator(options),
  },
  {
    id: 'supernet',
    description: 'train one network with every op (a random sub-network per batch); score candidates with the shared weights after BN re-calibration',
    create: (options) => new SupernetEvaluator(options),
  },
];

/** Plugin entry point. */
export function register(container: DependencyContainer): void {
  for (const e of EVALUATORS) registerEvaluator(container, e);
}
