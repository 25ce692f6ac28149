import { BatchNorm } from '../../nn/BatchNorm.js';
import type { AggregationMode } from '../AggregationMode.js';
import { BranchSumAggregator } from './BranchSumAggregator.js';
import { buildBranches } from './buildBranches.js';

/** `post-bn`: the BN branches are summed and the sum goes through one more BN. */
export const postBnAggregation: AggregationMode = {
  id: 'post-bn',
  description: 'BN branches summed, then one BN after the sum',
  build(spec, ops, ctx) {
    const branches = buildBranches(ops, ctx, (op, c) => op.build(spec, c));
    return new BranchSumAggregator(ctx.name, branches, { postBn: new BatchNorm(spec.cout, `${ctx.name}/post_bn`) });
  },
};
