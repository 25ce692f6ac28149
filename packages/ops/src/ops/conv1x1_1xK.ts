import { APPLIES, Conv2d, type Conv2dOptions, ConvBn, LinearSequentialBranch, type RepOp, SequentialBranch, type SlotSpec } from '@reparam/core';

/** 1×1 cin→cin starting as the identity, then 1×k unpadded (the map between is padded left/right k//2). */
const stages = ({ k, cin, cout, stride, groups }: SlotSpec) => {
  const p = (k - 1) / 2;
  return {
    first: { kh: 1, kw: 1, cin, cout: cin, groups, init: 'identity' } satisfies Conv2dOptions,
    between: [0, 0, p, p] as const,
    second: { kh: 1, kw: k, cin, cout, stride, groups } satisfies Conv2dOptions,
  };
};

/** `conv_1x1_1xk`: 1×1 conv cin→cin (identity start) → padBN(left/right k//2) → 1×k conv stride s → BN. */
export const conv1x1_1xK: RepOp = {
  id: 'conv_1x1_1xk',
  description: '1×1 conv cin→cin → padBN(left/right k//2) → 1×k conv stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const s = stages(spec);
    const first = new ConvBn({ ...s.first, padAfter: s.between }, `${name}/first`, rng);
    return new SequentialBranch('conv_1x1_1xk', spec, first, new ConvBn(s.second, `${name}/second`, rng));
  },
  buildLinear(spec, { rng, name }) {
    const s = stages(spec);
    const first = new Conv2d(s.first, `${name}/first/conv`, rng);
    return new LinearSequentialBranch('conv_1x1_1xk', spec, first, new Conv2d(s.second, `${name}/second/conv`, rng), s.between);
  },
};
