import type { Aggregation, Genome } from '@reparam/core';

/** Everything a training run is defined by; saved as the run's config.json. */
export interface TrainRunConfig {
  readonly command: 'train';
  readonly backbone: string;
  readonly dataset: string;
  readonly preset?: string;
  readonly genomeFile?: string;
  readonly genome: Genome;
  readonly aggregation: Aggregation;
  readonly width: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  readonly labelSmoothing: number;
  readonly augment: boolean;
  readonly seed: number;
  readonly limit?: number;
  readonly validationFraction: number;
  readonly backend: string;
  readonly plugins: readonly string[];
}
