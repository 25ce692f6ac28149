import { APPLIES, centrePadding, ConvBn, type RepOp, StageBranch } from '@reparam/core';

/** `conv_kxk`: the slot's main k×k conv → BN, always present. */
export const convKxK: RepOp = {
  id: 'conv_kxk',
  description: 'k×k conv, stride s, pad k//2 → BN (the main branch, always present)',
  role: 'main',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const stage = new ConvBn({ kh: k, kw: k, cin, cout, stride, groups, padding: centrePadding(k, k) }, name, rng);
    return new StageBranch('conv_kxk', spec, stage);
  },
};
