/**
 * @packageDocumentation
 * Search strategies for reparam (a plugin package): the paper's directional evolutionary strategy
 * (`directional-es`) and the two baselines it must beat at equal budget, regularized (aging)
 * evolution (`regularized-evolution`) and random search (`random`).
 */
import { type DependencyContainer, registerStrategy, type SearchStrategyFactory } from '@reparam/core';
import { directionalEs } from './directionalEs.js';
import { randomSearch } from './randomSearch.js';
import { regularizedEvolution } from './regularizedEvolution.js';

export { DIRECTIONAL_ES_DEFAULTS, directionalEs } from './directionalEs.js';
export { REGULARIZED_EVOLUTION_DEFAULT_POPULATION, regularizedEvolution } from './regularizedEvolution.js';
export { randomSearch } from './randomSearch.js';

/** Every strategy of this package, in registration order. */
export const STRATEGIES: readonly SearchStrategyFactory[] = [directionalEs, regularizedEvolution, randomSearch];

/** Plugin entry point: registers the three strategies. */
export function register(container: DependencyContainer): void {
  for (const s of STRATEGIES) registerStrategy(container, s);
}
