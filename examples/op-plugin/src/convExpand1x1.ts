import { APPLIES, Conv2d, ConvBn, LinearSequentialBranch, type RepOp, SequentialBranch } from '@reparam/core';

/** How many middle channels per input channel the expansion uses. */
const EXPANSION = 2;

/**
 * `conv_1x1_expand`: 1×1 conv cin→2·cin → BN → 1×1 conv 2·cin→cout, stride s → BN, a linearly
 * over-parameterised 1×1 branch (ExpandNets-style). Both stages are 1×1, so no pad-aware BN is
 * needed between them; core's SequentialBranch folds the pair into one 1×1 kernel centred in k×k.
 *
 * Its linear form (for `--aggregation online`) is the same two convolutions without the BNs: core's
 * LinearSequentialBranch composes their kernels into one 1×1 kernel at every training step.
 */
export const convExpand1x1: RepOp = {
  id: 'conv_1x1_expand',
  description: `1×1 conv cin→${EXPANSION}·cin → BN → 1×1 conv stride s → BN (linear expansion; example plugin)`,
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { cin, cout, stride, groups } = spec;
    const mid = EXPANSION * cin;
    const expand = new ConvBn({ kh: 1, kw: 1, cin, cout: mid, groups }, `${name}/expand`, rng);
    const project = new ConvBn({ kh: 1, kw: 1, cin: mid, cout, stride, groups }, `${name}/project`, rng);
    return new SequentialBranch('conv_1x1_expand', spec, expand, project);
  },
  buildLinear(spec, { rng, name }) {
    const { cin, cout, stride, groups } = spec;
    const mid = EXPANSION * cin;
    const expand = new Conv2d({ kh: 1, kw: 1, cin, cout: mid, groups }, `${name}/expand/conv`, rng);
    const project = new Conv2d({ kh: 1, kw: 1, cin: mid, cout, stride, groups }, `${name}/project/conv`, rng);
    return new LinearSequentialBranch('conv_1x1_expand', spec, expand, project, [0, 0, 0, 0]);
  },
};
