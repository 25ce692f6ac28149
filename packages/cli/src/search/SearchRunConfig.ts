import type { TrainConfig } from '@reparam/core';

/** Limits a genome must respect to be evaluated. */
export interface SearchConstraintConfig {
  /** At most this many optional ops in any slot. */
  readonly maxOpsPerSlot?: number;
  /** Training-form forward cost per image, in millions of FLOPs. */
  readonly flopsBudget?: number;
}

/** Everything a search run is defined by; saved as config.json and reused by `--resume`. */
export interface SearchRunConfig {
  readonly command: 'search';
  readonly backbone: string;
  readonly dataset: string;
  readonly width: number;
  readonly limit?: number;
  readonly validationFraction: number;
  /** Id of the slot aggregation mode. */
  readonly aggregation: string;
  readonly strategy: string;
  readonly evaluator: string;
  /** Evaluations in all. */
  readonly budget: number;
  /** Genomes per generation. */
  readonly population: number;
  readonly seed: number;
  readonly constraint: SearchConstraintConfig;
  /** Extra options handed to the evaluator (e.g. calibrationImages, validationImages). */
  readonly evaluatorOptions: Record<string, unknown>;
  /** Training inside the search: the supernet's, or each standalone candidate's. */
  readonly evaluation: TrainConfig;
  /** Training of the best genome and the baselines from scratch, identical for all. */
  readonly retrain: TrainConfig;
  /** Presets retrained beside the best genome (`plain` first: the baseline of results.json). */
  readonly baselines: readonly string[];
  readonly backend: string;
  readonly plugins: readonly string[];
}
