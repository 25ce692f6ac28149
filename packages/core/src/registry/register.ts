import type { DependencyContainer } from 'tsyringe';
import type { BackboneFactory } from '../interfaces/Backbone.js';
import type { DatasetFactory } from '../interfaces/Dataset.js';
import type { EvaluatorFactory } from '../interfaces/Evaluator.js';
import type { GenomePreset } from '../interfaces/GenomePreset.js';
import type { SearchStrategyFactory } from '../interfaces/SearchStrategy.js';
import type { RepOp } from '../op/RepOp.js';
import type { AggregationMode } from '../slot/AggregationMode.js';
import { TOKENS } from './tokens.js';

/** Adds a Rep op, as tfjs's `registerKernel` adds a kernel: nothing central lists the ops. */
export function registerOp(container: DependencyContainer, op: RepOp): void {
  container.register(TOKENS.repOp, { useValue: op });
}

/** Adds a search strategy. */
export function registerStrategy(container: DependencyContainer, strategy: SearchStrategyFactory): void {
  container.register(TOKENS.strategy, { useValue: strategy });
}

/** Adds a backbone. */
export function registerBackbone(container: DependencyContainer, backbone: BackboneFactory): void {
  container.register(TOKENS.backbone, { useValue: backbone });
}

/** Adds a dataset loader. */
export function registerDataset(container: DependencyContainer, dataset: DatasetFactory): void {
  container.register(TOKENS.dataset, { useValue: dataset });
}

/** Adds a genome evaluator. */
export function registerEvaluator(container: DependencyContainer, evaluator: EvaluatorFactory): void {
  container.register(TOKENS.evaluator, { useValue: evaluator });
}

/** Adds a named genome preset. */
export function registerPreset(container: DependencyContainer, preset: GenomePreset): void {
  container.register(TOKENS.preset, { useValue: preset });
}

/** Adds a slot aggregation mode (core registers `sum`, `scaled`, `post-bn` and `online` the same way). */
export function registerAggregation(container: DependencyContainer, mode: AggregationMode): void {
  container.register(TOKENS.aggregation, { useValue: mode });
}
