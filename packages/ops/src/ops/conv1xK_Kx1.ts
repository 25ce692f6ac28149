import { APPLIES, ConvBn, type RepOp, SequentialBranch } from '@reparam/core';

/** `conv_1xk_kx1`: 1×k conv cin→cin, pad (0, k//2) → padBN(top/bottom k//2) → k×1 conv stride s → BN. */
export const conv1xK_Kx1: RepOp = {
  id: 'conv_1xk_kx1',
  description: '1×k conv cin→cin pad (0, k//2) → padBN(top/bottom k//2) → k×1 conv stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const p = (k - 1) / 2;
    const first = new ConvBn(
      { kh: 1, kw: k, cin, cout: cin, groups, padding: [0, 0, p, p], padAfter: [p, p, 0, 0] },
      `${name}/first`,
      rng,
    );
    const second = new ConvBn({ kh: k, kw: 1, cin, cout, stride, groups }, `${name}/second`, rng);
    return new SequentialBranch('conv_1xk_kx1', spec, first, second);
  },
};
