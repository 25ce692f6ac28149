import { APPLIES, centrePadding, ConvBn, type RepOp, SequentialBranch } from '@reparam/core';
import { AvgPoolBn } from '../branches/AvgPoolBn.js';

/** `conv_1x1_avg`: 1×1 conv cin→cout → padBN(k//2) → k×k avg-pool stride s → BN (DBB). */
export const conv1x1Avg: RepOp = {
  id: 'conv_1x1_avg',
  description: '1×1 conv cin→cout → padBN(k//2) → k×k avg-pool stride s → BN (DBB)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const first = new ConvBn({ kh: 1, kw: 1, cin, cout, groups, padAfter: centrePadding(k, k) }, `${name}/first`, rng);
    const second = new AvgPoolBn(k, cout, stride, groups, false, `${name}/second`);
    return new SequentialBranch('conv_1x1_avg', spec, first, second);
  },
};
