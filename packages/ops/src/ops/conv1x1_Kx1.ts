import { APPLIES, Conv2d, type Conv2dOptions, ConvBn, LinearSequentialBranch, type RepOp, SequentialBranch, type SlotSpec } from '@reparam/core';

/** 1×1 cin→cin starting as the identity, then k×1 unpadded (the map between is padded top/bottom k//2). */
const stages = ({ k, cin, cout, stride, groups }: SlotSpec) => {
  const p = (k - 1) / 2;
  return {
    first: { kh: 1, kw: 1, cin, cout: cin, groups, init: 'identity' } satisfies Conv2dOptions,
    between: [p, p, 0, 0] as const,
    second: { kh: k, kw: 1, cin, cout, stride, groups } satisfies Conv2dOptions,
  };
};

/** `conv_1x1_kx1`: 1×1 conv cin→cin (identity start) → padBN(top/bottom k//2) → k×1 conv stride s → BN. */
export const conv1x1_Kx1: RepOp = {
  id: 'conv_1x1_kx1',
  description: '1×1 conv cin→cin → padBN(top/bottom k//2) → k×1 conv stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const s = stages(spec);
    const first = new ConvBn({ ...s.first, padAfter: s.between }, `${name}/first`, rng);
    return new SequentialBranch('conv_1x1_kx1', spec, first, new ConvBn(s.second, `${name}/second`, rng));
  },
  buildLinear(spec, { rng, name }) {
    const s = stages(spec);
    const first = new Conv2d(s.first, `${name}/first/conv`, rng);
    return new LinearSequentialBranch('conv_1x1_kx1', spec, first, new Conv2d(s.second, `${name}/second/conv`, rng), s.between);
  },
};
