import { APPLIES, centrePadding, Conv2d, type Conv2dOptions, ConvBn, LinearStageBranch, type RepOp, type SlotSpec, StageBranch } from '@reparam/core';

const conv = ({ k, cin, cout, stride, groups }: SlotSpec): Conv2dOptions => ({ kh: k, kw: k, cin, cout, stride, groups, padding: centrePadding(k, k) });

/** `conv_kxk`: the slot's main k×k conv → BN, always present. */
export const convKxK: RepOp = {
  id: 'conv_kxk',
  description: 'k×k conv, stride s, pad k//2 → BN (the main branch, always present)',
  role: 'main',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    return new StageBranch('conv_kxk', spec, new ConvBn(conv(spec), name, rng));
  },
  buildLinear(spec, { rng, name }) {
    return new LinearStageBranch('conv_kxk', spec, new Conv2d(conv(spec), `${name}/conv`, rng));
  },
};
