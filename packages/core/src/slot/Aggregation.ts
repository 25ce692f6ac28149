import { ReparamError } from '../errors.js';

/**
 * How a slot combines its branches. All three fold exactly into one conv.
 * - `sum`: plain sum (DBB, RepVGG).
 * - `scaled`: each branch times a learnable per-channel scale, initialised to 1/√(branches) so the
 *   sum starts at unit variance (the fix for variance growing with the number of branches).
 * - `post-bn`: a BatchNorm after the sum.
 */
export type Aggregation = 'sum' | 'scaled' | 'post-bn';

/** Every aggregation mode, in documentation order. */
export const AGGREGATIONS: readonly Aggregation[] = ['sum', 'scaled', 'post-bn'];

/** Checks a user-supplied aggregation name. */
export function parseAggregation(value: string): Aggregation {
  if ((AGGREGATIONS as readonly string[]).includes(value)) return value as Aggregation;
  throw new ReparamError(`unknown aggregation '${value}'; expected one of: ${AGGREGATIONS.join(', ')}`);
}
