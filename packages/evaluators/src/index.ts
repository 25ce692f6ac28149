/**
 * @packageDocumentation
 * Genome evaluators for reparam searches (a plugin package): `standalone` trains every candidate
 * from scratch; `supernet` trains one weight-sharing network and scores candidates with it;
 * `landscape` looks genomes up in a synthetic or tabulated landscape whose optimum is known.
 */
import { type DependencyContainer, type EvaluatorFactory, registerEvaluator } from '@reparam/core';
import { StandaloneEvaluator } from './StandaloneEvaluator.js';
import { SupernetEvaluator } from './SupernetEvaluator.js';
import { LandscapeEvaluator } from './landscape/LandscapeEvaluator.js';

export { CANDIDATE_SEED_OFFSET, StandaloneEvaluator } from './StandaloneEvaluator.js';
export { DEFAULT_CALIBRATION_IMAGES, SupernetEvaluator } from './SupernetEvaluator.js';
export type { SubnetSampling } from './sampleSubnet.js';
export { sampleSubnet, stepRng, subnetOfStep, SUBNET_SAMPLINGS } from './sampleSubnet.js';
export { limitSplit } from './limitSplit.js';
export type { Landscape } from './landscape/Landscape.js';
export { LandscapeEvaluator } from './landscape/LandscapeEvaluator.js';
export { loadLandscape } from './landscape/loadLandscape.js';
export { generatedLandscape, OPTIMUM_FITNESS, RANDOM_GENOME_FITNESS } from './landscape/generatedLandscape.js';
export { tabulatedLandscape, TABLE_LOOKUPS, type TableLookup } from './landscape/tabulatedLandscape.js';
export { parseLandscapeSpec } from './landscape/landscapeSpec.js';
export { GENERATED_LANDSCAPE_DEFAULTS, GENERATED_LANDSCAPE_KINDS, GENERATED_LANDSCAPE_SCHEMA, type GeneratedLandscapeParams } from './landscape/landscapeParams.js';
export { LANDSCAPE_FILE_SCHEMA, type LandscapeFile, readLandscapeFile, TABULATED_LANDSCAPE_SCHEMA, type TabulatedLandscapeFile } from './landscape/landscapeFile.js';
export { chainOptimum, type Interaction, MAX_CHAIN_SLOT_OPS } from './landscape/chainOptimum.js';
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
  {
    id: 'landscape',
    description: 'look fitness up in a synthetic or tabulated landscape (--landscape <spec|file>); no data, no training: for testing strategies',
    // Look-ups, not trainings: a search with it loads no network and retrains nothing.
    synthetic: true,
    create: (options) => LandscapeEvaluator.fromOptions(options),
  },
];

/** Plugin entry point. */
export function register(container: DependencyContainer): void {
  for (const e of EVALUATORS) registerEvaluator(container, e);
}
