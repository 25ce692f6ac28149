import { APPLIES, centrePadding, ConvBn, type RepOp, SequentialBranch } from '@reparam/core';

/** `conv_1x1_kxk`: 1×1 conv cin→cin (identity start) → padBN → k×k conv stride s, pad 0 → BN (DBB). */
export const conv1x1KxK: RepOp = {
  id: 'conv_1x1_kxk',
  description: '1×1 conv cin→cin → padBN(k//2) → k×k conv stride s → BN (DBB)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const first = new ConvBn(
      { kh: 1, kw: 1, cin, cout: cin, groups, init: 'identity', padAfter: centrePadding(k, k) },
      `${name}/first`,
      rng,
    );
    const second = new ConvBn({ kh: k, kw: k, cin, cout, stride, groups }, `${name}/second`, rng);
    return new SequentialBranch('conv_1x1_kxk', spec, first, second);
  },
};
