import { ReparamError } from '../../errors.js';
import { BatchNorm } from '../../nn/BatchNorm.js';
import type { RepOp } from '../../op/RepOp.js';
import type { AggregationMode } from '../AggregationMode.js';
import { BranchScales } from './BranchScales.js';
import { buildBranches } from './buildBranches.js';
import { OnlineAggregator } from './OnlineAggregator.js';

/** Why `op` cannot be trained online, or undefined when it can. */
export function whyNotLinear(op: RepOp): string | undefined {
  if (op.buildLinear) return undefined;
  return op.notLinear ?? 'its plugin declares no linear form (RepOp.buildLinear)';
}

/**
 * `online` (OREPA's online re-parameterization): branches without BN, each times a learnable
 * per-channel scale starting at 1/√(branches), one BN after the sum. The slot is linear up to that
 * BN, so every step merges the active branches into one k×k kernel and runs one convolution:
 * training costs about what the plain network costs. Needs every op to have a linear form.
 */
export const onlineAggregation: AggregationMode = {
  id: 'online',
  description: 'BN-free branches × per-channel scales merged into one kernel every step, then one BN (OREPA)',
  build(spec, ops, ctx) {
    for (const op of ops) {
      const why = whyNotLinear(op);
      if (why) throw new ReparamError(`op '${op.id}' cannot be trained with the online aggregation: ${why}`);
    }
    const branches = buildBranches(ops, ctx, (op, c) => op.buildLinear!(spec, c));
    const scales = new BranchScales(ctx.name, ops.map((o) => o.id), spec.cout, 1 / Math.sqrt(ops.length));
    return new OnlineAggregator(spec, ctx.name, branches, scales, new BatchNorm(spec.cout, `${ctx.name}/post_bn`));
  },
};
