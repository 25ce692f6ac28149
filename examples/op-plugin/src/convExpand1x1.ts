import { APPLIES, ConvBn, type RepOp, SequentialBranch } from '@reparam/core';

/** How many middle channels per input channel the expansion uses. */
const EXPANSION = 2;

/**
 * `conv_1x1_expand`: 1×1 conv cin→2·cin → BN → 1×1 conv 2·cin→cout, stride s → BN, a linearly
 * over-parameterised 1×1 branch (ExpandNets-style). Both stages are 1×1, so no pad-aware BN is
 * needed between them; core's SequentialBranch folds the pair into one 1×1 kernel centred in k×k.
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
};
