import type { AggregationMode } from '../AggregationMode.js';
import { scaledAggregation } from './scaledAggregation.js';

/**
 * The aggregation a slot uses when none is given — in `RepSlot.build`, in backbones and as the
 * CLI's `--aggregation` default: `scaled`, which trained the every-op ResNet-20 best per epoch
 * among the built-in modes (docs/optimization-fix.md).
 */
export const DEFAULT_AGGREGATION: AggregationMode = scaledAggregation;
