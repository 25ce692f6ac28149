import { APPLIES, Conv2d, type Conv2dOptions, ConvBn, LinearStageBranch, type RepOp, type SlotSpec, StageBranch } from '@reparam/core';

const conv = ({ k, cin, cout, stride, groups }: SlotSpec): Conv2dOptions => {
  const p = (k - 1) / 2;
  return { kh: 1, kw: k, cin, cout, stride, groups, padding: [0, 0, p, p] };
};

/** `conv_1xk`: horizontal 1×k conv, pad (0, k//2) → BN (ACNet). */
export const conv1xK: RepOp = {
  id: 'conv_1xk',
  description: '1×k conv, pad (0, k//2), stride s → BN (ACNet horizontal kernel)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    return new StageBranch('conv_1xk', spec, new ConvBn(conv(spec), name, rng));
  },
  buildLinear(spec, { rng, name }) {
    return new LinearStageBranch('conv_1xk', spec, new Conv2d(conv(spec), `${name}/conv`, rng));
  },
};
