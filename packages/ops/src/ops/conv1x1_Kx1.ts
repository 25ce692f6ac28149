import { APPLIES, ConvBn, type RepOp, SequentialBranch } from '@reparam/core';

/** `conv_1x1_kx1`: 1×1 conv cin→cin (identity start) → padBN(top/bottom k//2) → k×1 conv stride s → BN. */
export const conv1x1_Kx1: RepOp = {
  id: 'conv_1x1_kx1',
  description: '1×1 conv cin→cin → padBN(top/bottom k//2) → k×1 conv stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const p = (k - 1) / 2;
    const first = new ConvBn(
      { kh: 1, kw: 1, cin, cout: cin, groups, init: 'identity', padAfter: [p, p, 0, 0] },
      `${name}/first`,
      rng,
    );
    const second = new ConvBn({ kh: k, kw: 1, cin, cout, stride, groups }, `${name}/second`, rng);
    return new SequentialBranch('conv_1x1_kx1', spec, first, second);
  },
};
