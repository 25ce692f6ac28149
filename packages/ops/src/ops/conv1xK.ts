import { APPLIES, ConvBn, type RepOp, StageBranch } from '@reparam/core';

/** `conv_1xk`: horizontal 1×k conv, pad (0, k//2) → BN (ACNet). */
export const conv1xK: RepOp = {
  id: 'conv_1xk',
  description: '1×k conv, pad (0, k//2), stride s → BN (ACNet horizontal kernel)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const p = (k - 1) / 2;
    const stage = new ConvBn({ kh: 1, kw: k, cin, cout, stride, groups, padding: [0, 0, p, p] }, name, rng);
    return new StageBranch('conv_1xk', spec, stage);
  },
};
