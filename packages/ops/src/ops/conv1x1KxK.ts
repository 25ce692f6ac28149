import { APPLIES, centrePadding, Conv2d, type Conv2dOptions, ConvBn, LinearSequentialBranch, type RepOp, SequentialBranch, type SlotSpec } from '@reparam/core';

/** 1×1 cin→cin starting as the identity, then k×k unpadded (the map between is padded k//2). */
const stages = ({ k, cin, cout, stride, groups }: SlotSpec) => ({
  first: { kh: 1, kw: 1, cin, cout: cin, groups, init: 'identity' } satisfies Conv2dOptions,
  between: centrePadding(k, k),
  second: { kh: k, kw: k, cin, cout, stride, groups } satisfies Conv2dOptions,
});

/** `conv_1x1_kxk`: 1×1 conv cin→cin (identity start) → padBN → k×k conv stride s, pad 0 → BN (DBB). */
export const conv1x1KxK: RepOp = {
  id: 'conv_1x1_kxk',
  description: '1×1 conv cin→cin → padBN(k//2) → k×k conv stride s → BN (DBB)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const s = stages(spec);
    const first = new ConvBn({ ...s.first, padAfter: s.between }, `${name}/first`, rng);
    return new SequentialBranch('conv_1x1_kxk', spec, first, new ConvBn(s.second, `${name}/second`, rng));
  },
  buildLinear(spec, { rng, name }) {
    const s = stages(spec);
    const first = new Conv2d(s.first, `${name}/first/conv`, rng);
    return new LinearSequentialBranch('conv_1x1_kxk', spec, first, new Conv2d(s.second, `${name}/second/conv`, rng), s.between);
  },
};
