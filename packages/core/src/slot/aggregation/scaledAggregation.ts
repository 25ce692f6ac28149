import type { AggregationMode } from '../AggregationMode.js';
import { BranchScales } from './BranchScales.js';
import { BranchSumAggregator } from './BranchSumAggregator.js';
import { buildBranches } from './buildBranches.js';

/**
 * `scaled`: each BN branch times a learnable per-channel scale before the sum, every scale starting
 * at 1/√(branches) so that n unit-variance branches start summing to unit variance.
 */
export const scaledAggregation: AggregationMode = {
  id: 'scaled',
  description: 'each BN branch times a learnable per-channel scale (starting at 1/√branches), then summed',
  build(spec, ops, ctx) {
    const branches = buildBranches(ops, ctx, (op, c) => op.build(spec, c));
    const scales = new BranchScales(ctx.name, ops.map((o) => o.id), spec.cout, 1 / Math.sqrt(ops.length));
    return new BranchSumAggregator(ctx.name, branches, { scales });
  },
};
