import type { Genome, TrainConfig } from '@reparam/core';

/** Everything a training run is defined by (the trainer's settings and what it trains); saved as config.json. */
export interface TrainRunConfig extends TrainConfig {
  readonly command: 'train';
  readonly backbone: string;
  readonly dataset: string;
  readonly preset?: string;
  readonly genomeFile?: string;
  readonly genome: Genome;
  /** Id of the slot aggregation mode. */
  readonly aggregation: string;
  readonly width: number;
  readonly limit?: number;
  readonly validationFraction: number;
  readonly backend: string;
  readonly plugins: readonly string[];
}
