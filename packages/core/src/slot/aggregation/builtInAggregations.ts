import type { DependencyContainer } from 'tsyringe';
import { registerAggregation } from '../../registry/register.js';
import type { AggregationMode } from '../AggregationMode.js';
import { onlineAggregation } from './onlineAggregation.js';
import { postBnAggregation } from './postBnAggregation.js';
import { scaledAggregation } from './scaledAggregation.js';
import { sumAggregation } from './sumAggregation.js';

/** The aggregation modes core ships, in documentation order. */
export const BUILT_IN_AGGREGATIONS: readonly AggregationMode[] = [sumAggregation, scaledAggregation, postBnAggregation, onlineAggregation];

/** Plugin entry point of core's own aggregation modes (the CLI registers it like any plugin). */
export function registerBuiltInAggregations(container: DependencyContainer): void {
  for (const mode of BUILT_IN_AGGREGATIONS) registerAggregation(container, mode);
}
