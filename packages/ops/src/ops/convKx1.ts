import { APPLIES, Conv2d, type Conv2dOptions, ConvBn, LinearStageBranch, type RepOp, type SlotSpec, StageBranch } from '@reparam/core';

const conv = ({ k, cin, cout, stride, groups }: SlotSpec): Conv2dOptions => {
  const p = (k - 1) / 2;
  return { kh: k, kw: 1, cin, cout, stride, groups, padding: [p, p, 0, 0] };
};

/** `conv_kx1`: vertical k×1 conv, pad (k//2, 0) → BN (ACNet). */
export const convKx1: RepOp = {
  id: 'conv_kx1',
  description: 'k×1 conv, pad (k//2, 0), stride s → BN (ACNet vertical kernel)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    return new StageBranch('conv_kx1', spec, new ConvBn(conv(spec), name, rng));
  },
  buildLinear(spec, { rng, name }) {
    return new LinearStageBranch('conv_kx1', spec, new Conv2d(conv(spec), `${name}/conv`, rng));
  },
};
