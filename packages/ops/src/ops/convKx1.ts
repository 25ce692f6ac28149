import { APPLIES, ConvBn, type RepOp, StageBranch } from '@reparam/core';

/** `conv_kx1`: vertical k×1 conv, pad (k//2, 0) → BN (ACNet). */
export const convKx1: RepOp = {
  id: 'conv_kx1',
  description: 'k×1 conv, pad (k//2, 0), stride s → BN (ACNet vertical kernel)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const p = (k - 1) / 2;
    const stage = new ConvBn({ kh: k, kw: 1, cin, cout, stride, groups, padding: [p, p, 0, 0] }, name, rng);
    return new StageBranch('conv_kx1', spec, stage);
  },
};
