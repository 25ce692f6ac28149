import type { AggregationMode } from '../AggregationMode.js';
import { BranchSumAggregator } from './BranchSumAggregator.js';
import { buildBranches } from './buildBranches.js';

/** `sum`: the branches (each ending in its BN) are added as they are (RepVGG, DBB). */
export const sumAggregation: AggregationMode = {
  id: 'sum',
  description: 'branches, each ending in its BN, added as they are (RepVGG, DBB)',
  build(spec, ops, ctx) {
    return new BranchSumAggregator(ctx.name, buildBranches(ops, ctx, (op, c) => op.build(spec, c)));
  },
};
