import { APPLIES, ConvBn, type RepOp, SequentialBranch } from '@reparam/core';

/** `conv_1x1_1xk`: 1×1 conv cin→cin (identity start) → padBN(left/right k//2) → 1×k conv stride s → BN. */
export const conv1x1_1xK: RepOp = {
  id: 'conv_1x1_1xk',
  description: '1×1 conv cin→cin → padBN(left/right k//2) → 1×k conv stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const p = (k - 1) / 2;
    const first = new ConvBn(
      { kh: 1, kw: 1, cin, cout: cin, groups, init: 'identity', padAfter: [0, 0, p, p] },
      `${name}/first`,
      rng,
    );
    const second = new ConvBn({ kh: 1, kw: k, cin, cout, stride, groups }, `${name}/second`, rng);
    return new SequentialBranch('conv_1x1_1xk', spec, first, second);
  },
};
